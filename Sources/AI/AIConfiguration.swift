/// Which AI providers to use, read from the environment:
///
/// | variable | meaning |
/// |---|---|
/// | `AI_BASE_URL` | an OpenAI-compatible API, e.g. `https://api.openai.com/v1` |
/// | `AI_API_KEY` | its key (sent as a bearer token) |
/// | `AI_CHAT_MODEL` | chat model (default `gpt-4o-mini`; `gemini-2.0-flash` with Gemini) |
/// | `AI_TRANSCRIBE_MODEL` | transcription model (default `whisper-1`) |
/// | `GEMINI_API_KEY` | when `AI_BASE_URL` is unset: Gemini's OpenAI-compatible endpoint (chat only) |
/// | `AI_SPEECH_MODEL` | speech model of `AI_BASE_URL` (default `tts-1`) |
/// | `AI_SPEECH_VOICE` | a fixed voice for that API (Kokoro voices are used otherwise) |
/// | `TTS_BACKEND_BASE_URL` | a Kokoro server (the original's TTS), e.g. `http://localhost:8880`; preferred for speech |
/// | `AI_TIMEOUT_SECONDS` | deadline of one attempt (default 60) |
/// | `TRANSCRIPTION_PROMPT` | the `prompt` every transcription request carries: unset for none, `verbatim` for `LearnerSpeech.verbatimPrompt`, any other text as it is |
public struct AIConfiguration: Sendable {
    public var chatEndpoint: OpenAIEndpoint?
    public var chatModel: String
    public var transcriptionEndpoint: OpenAIEndpoint?
    public var transcriptionModel: String
    public var speechEndpoint: OpenAIEndpoint?
    public var speechModel = "tts-1"
    public var speechVoice: String?
    /// The `prompt` of every transcription request (`TRANSCRIPTION_PROMPT`); `nil` for none.
    public var transcriptionPrompt: String?

    public init(chatEndpoint: OpenAIEndpoint?, chatModel: String, transcriptionEndpoint: OpenAIEndpoint? = nil, transcriptionModel: String = "whisper-1") {
        self.chatEndpoint = chatEndpoint
        self.chatModel = chatModel
        self.transcriptionEndpoint = transcriptionEndpoint
        self.transcriptionModel = transcriptionModel
    }

    public static func fromEnvironment(_ environment: [String: String]) -> AIConfiguration {
        var configuration = chatAndTranscription(environment)
        configuration.transcriptionPrompt = LearnerSpeech.prompt(setting: environment["TRANSCRIPTION_PROMPT"])
        let timeout = Duration.seconds(Int(environment["AI_TIMEOUT_SECONDS"] ?? "") ?? 60)
        if let kokoro = environment["TTS_BACKEND_BASE_URL"], !kokoro.isEmpty {
            configuration.speechEndpoint = OpenAIEndpoint(baseURL: kokoro.hasSuffix("/v1") ? kokoro : kokoro + "/v1", apiKey: nil, timeout: timeout)
            configuration.speechModel = "kokoro"
        } else if let base = environment["AI_BASE_URL"], !base.isEmpty {
            configuration.speechEndpoint = OpenAIEndpoint(baseURL: base, apiKey: environment["AI_API_KEY"], timeout: timeout)
            configuration.speechModel = environment["AI_SPEECH_MODEL"] ?? "tts-1"
            configuration.speechVoice = environment["AI_SPEECH_VOICE"] ?? "alloy"
        }
        return configuration
    }

    private static func chatAndTranscription(_ environment: [String: String]) -> AIConfiguration {
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

    /// The configured speech synthesizer, or one that says what is missing.
    public func makeSpeechSynthesizer() -> any SpeechSynthesizer {
        guard let speechEndpoint else { return UnconfiguredSpeechSynthesizer() }
        return OpenAICompatibleSpeechSynthesizer(endpoint: speechEndpoint, model: speechModel, fixedVoice: speechVoice)
    }

    /// The configured transcriber, or one that says what is missing.
    public func makeTranscriber() -> any Transcriber {
        guard let transcriptionEndpoint else { return UnconfiguredTranscriber() }
        return OpenAICompatibleTranscriber(endpoint: transcriptionEndpoint, model: transcriptionModel, prompt: transcriptionPrompt)
    }

    /// The configured chat model, or one that says what is missing.
    public func makeChatModel() -> (any ChatModel)? {
        guard let chatEndpoint else { return nil }
        return OpenAICompatibleChatModel(endpoint: chatEndpoint, model: chatModel)
    }
}
