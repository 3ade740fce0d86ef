import Domain
import Foundation
import Hummingbird

/// Sending a spoken message, polling its feedback, and the voice context of a conversation.
struct MessagesController: Sendable {
    let conversations: ConversationRepository
    let feedback: FeedbackRepository
    let service: MessageService

    /// Every route needs a user: they go on `signedIn`.
    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.post("api/conversations/:conversation_id/message") { request, context in try await send(request, context) }
        router.get("api/messages/:message_id/feedback") { request, context in try await readFeedback(request, context) }
        // The client asks without `/api`; the original served it with. Both work.
        router.get("api/messages/:message_id/voice_context") { request, context in try await voiceContext(request, context) }
        router.get("messages/:message_id/voice_context") { request, context in try await voiceContext(request, context) }
    }

    struct Exchange: ResponseEncodableDTO {
        var userMessage: MessageDTO
        var aiMessage: MessageDTO

        enum CodingKeys: String, CodingKey {
            case userMessage = "user_message", aiMessage = "ai_message"
        }
    }

    private func send(_ request: Request, _ context: AuthenticatedContext) async throws -> Exchange {
        let user = context.user
        let conversationID: ConversationID = try PathParameters.id(context, "conversation_id")
        guard let audioText = request.formQuery.get("audio_id") else {
            throw RequestValidationError([.missing(["query", "audio_id"])])
        }
        let audioID: AudioID
        do {
            audioID = try AudioID(audioText)
        } catch {
            throw RequestValidationError([.invalid(["query", "audio_id"], "\(error)", input: audioText)])
        }
        do {
            let (spoken, reply) = try await service.send(from: user.id, in: conversationID, audioID: audioID)
            return Exchange(userMessage: MessageDTO(spoken), aiMessage: MessageDTO(reply))
        } catch MessageService.Missing.conversation {
            throw HTTPError(.notFound, message: "Conversation not found")
        } catch MessageService.Missing.audio {
            throw HTTPError(.notFound, message: "Audio not found")
        }
    }

    /// Not ready: the text the original sent; ready: the feedback object.
    struct FeedbackAnswer: ResponseEncodableDTO {
        struct Ready: Encodable, Sendable {
            var id: String
            var userFeedback: String
            var createdAt: String
            var detailedFeedback: DetailedFeedbackDTO?

            enum CodingKeys: String, CodingKey {
                case id, userFeedback = "user_feedback", createdAt = "created_at", detailedFeedback = "detailed_feedback"
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(userFeedback, forKey: .userFeedback)
                try c.encode(createdAt, forKey: .createdAt)
                if let detailedFeedback { try c.encode(detailedFeedback, forKey: .detailedFeedback) }
            }
        }

        var ready: Ready?
        var waiting: String?

        enum CodingKeys: String, CodingKey {
            case userFeedback = "user_feedback", isReady = "is_ready"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if let ready { try c.encode(ready, forKey: .userFeedback) } else { try c.encode(waiting ?? "", forKey: .userFeedback) }
            try c.encode(ready != nil, forKey: .isReady)
        }
    }

    private func readFeedback(_ request: Request, _ context: AuthenticatedContext) async throws -> FeedbackAnswer {
        let user = context.user
        let messageID: MessageID = try PathParameters.id(context, "message_id")
        guard let (message, _) = try await conversations.message(messageID, owner: user.id) else {
            throw HTTPError(.notFound, message: "Message not found")
        }
        guard let linked = message.feedbackID else {
            return FeedbackAnswer(waiting: "Feedback is still being generated. Please try again in a moment.")
        }
        guard let item = try await feedback.find(id: linked) else {
            return FeedbackAnswer(waiting: "No feedback available for this message.")
        }
        return FeedbackAnswer(ready: .init(
            id: item.id.hex, userFeedback: item.text, createdAt: NaiveISODate.string(item.timestamp),
            detailedFeedback: item.detailed.map(DetailedFeedbackDTO.init)))
    }

    struct VoiceContext: ResponseEncodableDTO {
        struct Latest: Encodable, Sendable {
            var id: String
            var content: String
            var timestamp: String
        }

        var voiceType: String
        var latestAIMessage: Latest?

        enum CodingKeys: String, CodingKey {
            case voiceType = "voice_type", latestAIMessage = "latest_ai_message"
        }
    }

    private func voiceContext(_ request: Request, _ context: AuthenticatedContext) async throws -> VoiceContext {
        let user = context.user
        let messageID: MessageID = try PathParameters.id(context, "message_id")
        guard let (_, conversation) = try await conversations.message(messageID, owner: user.id) else {
            throw HTTPError(.notFound, message: "Message not found")
        }
        let latest = try await conversations.latestAIMessage(of: conversation.id)
        return VoiceContext(
            voiceType: conversation.voiceType ?? VoiceCatalog.fallback,
            latestAIMessage: latest.map { .init(id: $0.id.hex, content: $0.content, timestamp: NaiveISODate.string($0.timestamp)) })
    }
}
