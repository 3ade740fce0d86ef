import AI
import BSON
import Foundation

/// Runs `feedback` jobs: writes the feedback on a user message and links it; after the last
/// attempt, stores the fallback text so the learner's feedback is always ready in the end.
public struct FeedbackJobRunner: Sendable {
    let conversations: ConversationRepository
    let feedback: FeedbackRepository
    let writer: any FeedbackWriting
    let mistakes: MistakeRepository

    public init(conversations: ConversationRepository, feedback: FeedbackRepository, writer: any FeedbackWriting, mistakes: MistakeRepository) {
        self.conversations = conversations
        self.feedback = feedback
        self.writer = writer
        self.mistakes = mistakes
    }

    private struct Payload {
        var message: MessageID
        var user: UserID
        var conversation: ConversationID
        var transcription: String
    }

    private func payload(_ job: Job) throws -> Payload {
        guard let message = job.payload["message_id"]?.objectIdValue, let user = job.payload["user_id"]?.objectIdValue,
            let conversation = job.payload["conversation_id"]?.objectIdValue
        else { throw DomainError.corruptDocument(collection: "jobs", id: .objectId(job.id.objectId)) }
        return Payload(
            message: MessageID(message), user: UserID(user), conversation: ConversationID(conversation),
            transcription: job.payload["transcription"]?.stringValue ?? "")
    }

    public func run(_ job: Job, now: Date = Date()) async throws {
        let p = try payload(job)
        guard let conversation = try await conversations.find(id: p.conversation) else { return }
        let previous = try await conversations.messages(of: p.conversation)
        // A job left by an exchange that was taken back (files written before jobs followed
        // their exchange) has nothing to write about.
        guard previous.contains(where: { $0.id == p.message }) else { return }
        let stored: Feedback
        if let linked = try await feedback.linked(to: p.message) {
            stored = linked  // an earlier attempt stored it; only the mistakes may be missing
        } else {
            let written = try await writer.write(sentence: p.transcription, conversation: conversation, previous: previous)
            stored = try await feedback.store(Feedback(messageID: p.message, userID: p.user, text: written.text, detailed: written.detailed, transcription: p.transcription, timestamp: now))
        }
        try await mistakes.record(from: stored, now: now)
    }

    /// After the last failed attempt: the fallback text, so `is_ready` turns true.
    public func giveUp(_ job: Job, now: Date = Date()) async throws {
        let p = try payload(job)
        try await feedback.store(Feedback(messageID: p.message, userID: p.user, text: FeedbackWriter.fallback, detailed: nil, transcription: p.transcription, timestamp: now))
    }
}
