/// Which AI providers to use, read from the environment:
///
/// | variable | meaning |
/// |---|---|
/// | `AI_BASE_URL` | an OpenAI-compatible API, e.g. `https://api.openai.com/v1` |
/// | `AI_API_KEY` | its key (sent as a bearer token) |
/// | `AI_CHAT_MODEL` | chat model (default `gpt-4o-mini`; `gemini-2.0-flash` with Gemini) |
/// | `AI_TRANSCRIBE_MODEL` | transcription model (default `whisper-1`) |
/// | `GEMINI_API_KEY` | when `AI_BASE_URL` is unset: Gemini's OpenAI-compatible endpoint (chat only) |
/// | `AI_TIMEOUT_SECONDS` | deadline of one attempt (default 60) |
public struct AIConfiguration: Sendable {
    public var chatEndpoint: OpenAIEndpoint?
    public var chatModel: String
    public var transcriptionEndpoint: OpenAIEndpoint?
    public var transcriptionModel: String

    public init(chatEndpoint: OpenAIEndpoint?, chatModel: String, transcriptionEndpoint: OpenAIEndpoint? = nil, transcriptionModel: String = "whisper-1") {
        self.chatEndpoint = chatEndpoint
        self.chatModel = chatModel
        self.transcriptionEndpoint = transcriptionEndpoint
        self.transcriptionModel = transcriptionModel
    }

    public static func fromEnvironment(_ environment: [String: String]) -> AIConfiguration {
        let timeout = Duration.seconds(Int(environment["AI_TIMEOUT_SECONDS"] ?? "") ?? 60)
        if let base = environment["AI_BASE_URL"], !base.isEmpty {
            let endpoint = OpenAIEndpoint(baseURL: base, apiKey: environment["AI_API_KEY"], timeout: timeout)
            return AIConfiguration(
                chatEndpoint: endpoint, chatModel: environment["AI_CHAT_MODEL"] ?? "gpt-4o-mini",
                transcriptionEndpoint: endpoint, transcriptionModel: environment["AI_TRANSCRIBE_MODEL"] ?? "whisper-1")
        }
        if let gemini = environment["GEMINI_API_KEY"], !gemini.isEmpty {
            return AIConfiguration(
                chatEndpoint: OpenAIEndpoint(baseURL: "https://generativelanguage.googleapis.com/v1beta/openai", apiKey: gemini, timeout: timeout),
                chatModel: environment["AI_CHAT_MODEL"] ?? "gemini-2.0-flash")
        }
        return AIConfiguration(chatEndpoint: nil, chatModel: environment["AI_CHAT_MODEL"] ?? "gpt-4o-mini")
    }

    /// The configured transcriber, or one that says what is missing.
    public func makeTranscriber() -> any Transcriber {
        guard let transcriptionEndpoint else { return UnconfiguredTranscriber() }
        return OpenAICompatibleTranscriber(endpoint: transcriptionEndpoint, model: transcriptionModel)
    }

    /// The configured chat model, or one that says what is missing.
    public func makeChatModel() -> any ChatModel {
        guard let chatEndpoint else { return UnconfiguredChatModel() }
        return OpenAICompatibleChatModel(endpoint: chatEndpoint, model: chatModel)
    }
}
