/// Stands in when no chat provider is configured: every call says what to set.
public struct UnconfiguredChatModel: ChatModel {
    public init() {}

    public func complete(_ messages: [ChatMessage], json: Bool) async throws -> String {
        throw AIProviderError.notConfigured(
            "No AI chat provider is configured: set AI_BASE_URL (and AI_API_KEY, AI_CHAT_MODEL) for an OpenAI-compatible API, or GEMINI_API_KEY")
    }
}
