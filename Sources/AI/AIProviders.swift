/// The AI capabilities the server uses: configured remote providers, the offline engines, or
/// stand-ins that answer with a clear error.
public struct AIProviders: Sendable {
    /// The configured chat model; `nil` when none is, and the offline tutors stand in.
    public var chat: (any ChatModel)?
    public var transcriber: any Transcriber
    public var speech: any SpeechSynthesizer
    /// The offline transcription engine, when transcription runs through it (started, watched
    /// and restarted by the server).
    public var sidecar: WhisperSidecar?

    public init(
        chat: (any ChatModel)? = nil, transcriber: any Transcriber = UnconfiguredTranscriber(),
        speech: any SpeechSynthesizer = UnconfiguredSpeechSynthesizer(), sidecar: WhisperSidecar? = nil
    ) {
        self.chat = chat
        self.transcriber = transcriber
        self.speech = speech
        self.sidecar = sidecar
    }

    /// Each capability's source, for `/health`: `configured`, `offline` or `not configured`.
    public var status: [String: String] {
        func source(unconfigured: Bool, offline: Bool) -> String { unconfigured ? "not configured" : offline ? "offline" : "configured" }
        return [
            "chat": chat == nil ? "offline" : "configured",
            "transcription": source(unconfigured: transcriber is UnconfiguredTranscriber, offline: transcriber is SidecarTranscriber),
            "speech": source(unconfigured: speech is UnconfiguredSpeechSynthesizer, offline: speech is OfflineSpeechSynthesizer),
        ]
    }
}

extension AIConfiguration {
    /// Every provider this configuration names; what it leaves out runs offline: transcription
    /// through the Whisper sidecar (when `offlineTranscription` is installed), speech through
    /// espeak-ng, and the chat-based tutors through the rule-based ones.
    /// `transcriptionQueue`: how long a request waits for the offline engine; `maximumAudioSeconds`:
    /// the longest recording it transcribes.
    public func makeProviders(offlineTranscription: WhisperSidecar.Configuration? = nil, transcriptionQueue: Duration = .seconds(120),
                              maximumAudioSeconds: Double = 300) -> AIProviders {
        var providers = AIProviders(chat: makeChatModel(), transcriber: makeTranscriber(), speech: makeSpeechSynthesizer())
        if providers.transcriber is UnconfiguredTranscriber, let offlineTranscription, offlineTranscription.isInstalled {
            let sidecar = WhisperSidecar(configuration: offlineTranscription)
            providers.transcriber = SidecarTranscriber(
                sidecar: sidecar, maximumWait: transcriptionQueue, maximumSeconds: maximumAudioSeconds, prompt: transcriptionPrompt)
            providers.sidecar = sidecar
        }
        if providers.speech is UnconfiguredSpeechSynthesizer { providers.speech = OfflineSpeechSynthesizer() }
        return providers
    }
}
