import Foundation

/// Feedback on what a learner said: written by the tutor, stored and linked to the message, and
/// its mistakes recorded for practice. The one way feedback is made, by the background job and
/// by `POST /api/feedback/generate` alike.
public struct FeedbackService: Sendable {
    let conversations: ConversationRepository
    let feedback: FeedbackRepository
    let writer: any FeedbackWriting
    let mistakes: MistakeRepository
    /// Feedback's context: the conversation's first messages, as many as the original read.
    public static let contextMessages = 10

    public init(conversations: ConversationRepository, feedback: FeedbackRepository, writer: any FeedbackWriting, mistakes: MistakeRepository) {
        self.conversations = conversations
        self.feedback = feedback
        self.writer = writer
        self.mistakes = mistakes
    }

    /// Writes and keeps feedback on `sentence`, said as `message` in `conversation`.
    /// - Parameter replacingLink: link the new feedback even if the message had one (asked for
    ///   anew); else an existing linked feedback is kept and only its mistakes are recorded.
    /// - Returns: the feedback now linked to the message.
    /// - Throws: the writer's error; store errors.
    @discardableResult
    public func give(on message: MessageID, in conversation: Conversation, sentence: String, user: UserID, replacingLink: Bool = false,
                     now: Date = Date()) async throws -> Feedback {
        if !replacingLink, let linked = try await feedback.linked(to: message) {
            // An earlier attempt finished; recording its mistakes again changes nothing.
            try await mistakes.record(from: linked, now: now)
            return linked
        }
        // The mistakes are recorded before the message links the feedback, so a learner who sees
        // the feedback also finds its mistakes; an attempt that stopped between the two is
        // finished with the same feedback (mistakes are counted once per feedback).
        let pending = replacingLink ? nil : try await feedback.unlinked(for: message)
        let stored: Feedback
        if let pending {
            stored = pending
        } else {
            let previous = try await conversations.firstMessages(of: conversation.id, limit: Self.contextMessages)
            let written = try await writer.write(sentence: sentence, conversation: conversation, previous: previous)
            stored = Feedback(messageID: message, userID: user, text: written.text, detailed: written.detailed, transcription: sentence, timestamp: now)
            try await feedback.insertUnlinked(stored)
        }
        try await mistakes.record(from: stored, now: now)
        try await feedback.link(stored)
        return stored
    }

    /// The fallback text, so that feedback that could not be written still shows as ready.
    public func giveFallback(on message: MessageID, user: UserID, sentence: String, now: Date = Date()) async throws {
        try await feedback.store(Feedback(messageID: message, userID: user, text: Feedback.fallbackText, detailed: nil, transcription: sentence, timestamp: now))
    }
}
