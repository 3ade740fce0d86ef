import BSON
import Foundation

/// Sending a spoken message: the AI's reply is written first (nothing is stored if that fails),
/// then the learner's message and the reply are stored, and only then the durable feedback job.
public struct MessageService: Sendable {
    let conversations: ConversationRepository
    let audio: AudioRepository
    let jobs: JobQueue
    let partner: any ConversationPartner

    public init(conversations: ConversationRepository, audio: AudioRepository, jobs: JobQueue, partner: any ConversationPartner) {
        self.conversations = conversations
        self.audio = audio
        self.jobs = jobs
        self.partner = partner
    }

    /// What the learner referred to does not exist (or is not theirs).
    public enum Missing: Error, Equatable {
        case conversation
        case audio
    }

    /// The partner reads at most this many of the latest messages (the original read them all:
    /// a conversation thousands of messages long would make every reply read and send them all).
    public static let historyLimit = 50

    /// The job type that writes feedback on a user message.
    public static let feedbackJob = "feedback"

    public func send(from user: UserID, in conversationID: ConversationID, audioID: AudioID, now: Date = Date()) async throws -> (Message, Message) {
        guard let conversation = try await conversations.find(id: conversationID, owner: user) else { throw Missing.conversation }
        guard let clip = try await audio.find(id: audioID, owner: user) else { throw Missing.audio }
        let spoken = Message(
            conversationID: conversationID, sender: .user, content: clip.transcription, audioPath: clip.filePath,
            transcription: clip.transcription, timestamp: now)
        let history = try await conversations.latestMessages(of: conversationID, limit: Self.historyLimit - 1) + [spoken]
        let replyText = try await partner.reply(in: conversation, history: history)
        let reply = Message(conversationID: conversationID, sender: .ai, content: replyText, timestamp: max(Date(), now.addingTimeInterval(0.001)))
        // The exchange first (both messages in one write), then its feedback job: a job exists
        // only for an exchange that is stored, so none can write feedback or mistakes for a
        // message the learner was told had failed. If the job cannot be stored, the exchange is
        // taken back.
        try await conversations.insert(exchange: spoken, reply: reply)
        do {
            try await jobs.enqueue(Job(type: Self.feedbackJob, payload: [
                "message_id": .objectId(spoken.id.objectId), "user_id": .objectId(user.objectId),
                "conversation_id": .objectId(conversationID.objectId), "transcription": .string(clip.transcription),
            ]))
        } catch {
            try? await conversations.delete(reply.id)
            try? await conversations.delete(spoken.id)
            throw error
        }
        return (spoken, reply)
    }
}
