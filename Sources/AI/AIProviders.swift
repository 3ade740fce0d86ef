/// The AI capabilities the server uses, each configured or standing in with a clear error.
public struct AIProviders: Sendable {
    public var chat: any ChatModel
    public var transcriber: any Transcriber
    public var speech: any SpeechSynthesizer

    public init(
        chat: any ChatModel = UnconfiguredChatModel(), transcriber: any Transcriber = UnconfiguredTranscriber(),
        speech: any SpeechSynthesizer = UnconfiguredSpeechSynthesizer()
    ) {
        self.chat = chat
        self.transcriber = transcriber
        self.speech = speech
    }

    /// Which capabilities are configured (for `/health`).
    public var status: [String: Bool] {
        ["chat": !(chat is UnconfiguredChatModel), "transcription": !(transcriber is UnconfiguredTranscriber), "speech": !(speech is UnconfiguredSpeechSynthesizer)]
    }
}

extension AIConfiguration {
    /// Every provider this configuration names.
    public func makeProviders() -> AIProviders {
        AIProviders(chat: makeChatModel(), transcriber: makeTranscriber(), speech: makeSpeechSynthesizer())
    }
}
