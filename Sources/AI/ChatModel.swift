/// One message of a chat exchange, optionally with an image (sent as a data URL, the
/// OpenAI-compatible way for vision models).
public struct ChatMessage: Sendable, Equatable, Encodable {
    public enum Role: String, Sendable, Codable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String
    /// `data:image/png;base64,…`
    public var imageDataURL: String?

    public init(_ role: Role, _ content: String, imageDataURL: String? = nil) {
        self.role = role
        self.content = content
        self.imageDataURL = imageDataURL
    }

    private enum CodingKeys: String, CodingKey {
        case role, content
    }

    private struct Part: Encodable {
        struct ImageURL: Encodable { var url: String }
        var type: String
        var text: String?
        var imageURL: ImageURL?

        enum CodingKeys: String, CodingKey {
            case type, text, imageURL = "image_url"
        }
    }

    /// Plain text as a string; with an image, a list of a text part and an image part.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        if let imageDataURL {
            try c.encode([Part(type: "text", text: content), Part(type: "image_url", imageURL: .init(url: imageDataURL))], forKey: .content)
        } else {
            try c.encode(content, forKey: .content)
        }
    }
}

/// A language model that answers a chat: the role-play partner, the scenario designer, the
/// feedback teacher.
public protocol ChatModel: Sendable {
    /// The model's reply to the messages. With `json`, the model is asked for one JSON object.
    /// - Throws: `AIProviderError`.
    func complete(_ messages: [ChatMessage], json: Bool) async throws -> String
}
