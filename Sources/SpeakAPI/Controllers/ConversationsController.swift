import Domain
import Foundation
import Hummingbird

/// `/api/conversations`: start a role-play, list them (paged), read one with its messages.
struct ConversationsController: Sendable {
    let conversations: ConversationRepository
    let service: ConversationService

    /// Every route needs a user: they go on `signedIn`.
    func addRoutes(to signedIn: RouterGroup<AuthenticatedContext>) {
        signedIn.post("api/conversations") { request, context in try await create(request, context.user) }
        signedIn.get("api/conversations") { request, context in try await list(request, context.user) }
        signedIn.get("api/conversations/:conversation_id") { request, context in try await read(request, context) }
    }

    private func create(_ request: Request, _ user: User) async throws -> CreatedConversationDTO {
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        let userRole = RequestBody.string(body, "user_role", maximumCharacters: 2000, issues: &issues)
        let aiRole = RequestBody.string(body, "ai_role", maximumCharacters: 2000, issues: &issues)
        let situation = RequestBody.string(body, "situation", maximumCharacters: 2000, issues: &issues)
        guard issues.isEmpty, let userRole, let aiRole, let situation else { throw RequestValidationError(issues) }
        let (conversation, opening) = try await service.start(for: user.id, userRole: userRole, aiRole: aiRole, situation: situation)
        return CreatedConversationDTO(conversation: ConversationDTO(conversation), initialMessage: MessageDTO(opening))
    }

    private func list(_ request: Request, _ user: User) async throws -> ConversationPageDTO {
        let page = try PathParameters.integer(request, "page", default: 1, range: 1...1_000_000)
        let limit = try PathParameters.integer(request, "limit", default: 10, range: 1...100)
        let result = try await conversations.page(owner: user.id, page: page, limit: limit)
        return ConversationPageDTO(conversations: result.conversations.map { ConversationDTO($0) }, total: result.total, page: page, limit: limit)
    }

    private func read(_ request: Request, _ context: AuthenticatedContext) async throws -> ConversationDTO {
        let user = context.user
        let id: ConversationID = try PathParameters.id(context, "conversation_id")
        guard let conversation = try await conversations.find(id: id, owner: user.id) else {
            throw HTTPError(.notFound, message: "Conversation not found")
        }
        return ConversationDTO(conversation, messages: try await conversations.messages(of: id))
    }
}
