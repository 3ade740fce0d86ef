import BSON
import Foundation

/// Runs `feedback` jobs through `FeedbackService`: writes the feedback on a user message, links
/// it and records its mistakes; after the last attempt, stores the fallback text so the
/// learner's feedback is always ready in the end.
public struct FeedbackJobRunner: JobHandler {
    let conversations: ConversationRepository
    let service: FeedbackService

    public init(conversations: ConversationRepository, service: FeedbackService) {
        self.conversations = conversations
        self.service = service
    }

    public var kind: String { MessageService.feedbackJob }

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

    public func run(_ job: Job) async throws {
        let p = try payload(job)
        guard let conversation = try await conversations.find(id: p.conversation) else { return }
        // A job left by an exchange that was taken back (files written before jobs followed
        // their exchange) has nothing to write about.
        guard try await conversations.contains(message: p.message, in: p.conversation) else { return }
        try await service.give(on: p.message, in: conversation, sentence: p.transcription, user: p.user)
    }

    public func giveUp(_ job: Job) async throws {
        let p = try payload(job)
        try await service.giveFallback(on: p.message, user: p.user, sentence: p.transcription)
    }
}
