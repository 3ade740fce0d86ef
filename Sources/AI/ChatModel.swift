/// One message of a chat exchange.
public struct ChatMessage: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}

/// A language model that answers a chat: the role-play partner, the scenario designer, the
/// feedback teacher.
public protocol ChatModel: Sendable {
    /// The model's reply to the messages. With `json`, the model is asked for one JSON object.
    /// - Throws: `AIProviderError`.
    func complete(_ messages: [ChatMessage], json: Bool) async throws -> String
}
