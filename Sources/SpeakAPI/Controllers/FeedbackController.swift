import BSON
import Domain
import Foundation
import Hummingbird

/// `/api/feedback/*` (CONTRACT B§3.4, fixed as A2 asks): generate feedback on a message now,
/// the learner's own feedback history, and one feedback by id or by its target. Generating also
/// records the mistakes it finds.
struct FeedbackController: Sendable {
    let conversations: ConversationRepository
    let feedback: FeedbackRepository
    let service: FeedbackService

    /// Every route needs a user: they go on `router`, the signed-in group.
    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.post("api/feedback/generate") { request, context in try await generate(request, context.user) }
        router.get("api/feedback/history") { request, context in try await history(request, context.user) }
        router.get("api/feedback/for/:target_type/:target_id") { request, context in try await forTarget(request, context) }
        router.get("api/feedback/:feedback_id") { request, context in try await read(request, context) }
    }

    private static func targetType(_ text: String?, loc: [String]) throws -> String {
        let value = text ?? "message"
        guard value == "message" else { throw RequestValidationError([.invalid(loc, "target_type must be 'message'", input: value)]) }
        return value
    }

    private func generate(_ request: Request, _ user: User) async throws -> FeedbackDTO {
        _ = try Self.targetType(request.formQuery.get("target_type"), loc: ["query", "target_type"])
        guard let targetText = request.formQuery.get("target_id") else { throw RequestValidationError([.missing(["query", "target_id"])]) }
        guard let target = try? MessageID(targetText) else { throw RequestValidationError([.invalid(["query", "target_id"], "Invalid ObjectId", input: targetText)]) }
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        let text = RequestBody.string(body, "text", issues: &issues)
        _ = RequestBody.optionalString(body, "reference_text", issues: &issues)
        _ = RequestBody.optionalString(body, "audio_path", issues: &issues)
        if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { issues.append(.invalid(["body", "text"], "String should have at least 1 character", input: text)) }
        guard issues.isEmpty, let text else { throw RequestValidationError(issues) }
        guard let (message, conversation) = try await conversations.message(target, owner: user.id), message.sender == .user else {
            throw HTTPError(.notFound, message: "Message not found")
        }
        return FeedbackDTO(try await service.give(on: message.id, in: conversation, sentence: text, user: user.id, replacingLink: true))
    }

    private func history(_ request: Request, _ user: User) async throws -> [FeedbackDTO] {
        let limit = try PathParameters.integer(request, "limit", default: 20, range: 1...100)
        let skip = try PathParameters.integer(request, "skip", default: 0, range: 0...1_000_000)
        let type = request.formQuery.get("target_type").flatMap { $0.isEmpty ? nil : $0 }
        return try await feedback.history(owner: user.id, targetType: type, limit: limit, skip: skip).map(FeedbackDTO.init)
    }

    private func forTarget(_ request: Request, _ context: AuthenticatedContext) async throws -> FeedbackDTO {
        let user = context.user
        _ = try Self.targetType(context.parameters.get("target_type"), loc: ["path", "target_type"])
        let target: MessageID = try PathParameters.id(context, "target_id")
        guard try await conversations.message(target, owner: user.id) != nil, let item = try await feedback.linked(to: target), item.userID == user.id else {
            throw HTTPError(.notFound, message: "Feedback not found")
        }
        return FeedbackDTO(item)
    }

    private func read(_ request: Request, _ context: AuthenticatedContext) async throws -> FeedbackDTO {
        let user = context.user
        let id: FeedbackID = try PathParameters.id(context, "feedback_id")
        guard let item = try await feedback.find(id: id.hex), item.userID == user.id else { throw HTTPError(.notFound, message: "Feedback not found") }
        return FeedbackDTO(item)
    }
}
