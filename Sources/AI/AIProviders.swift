/// The AI capabilities the server uses, each configured or standing in with a clear error.
public struct AIProviders: Sendable {
    public var chat: any ChatModel
    public var transcriber: any Transcriber

    public init(chat: any ChatModel = UnconfiguredChatModel(), transcriber: any Transcriber = UnconfiguredTranscriber()) {
        self.chat = chat
        self.transcriber = transcriber
    }
}

extension AIConfiguration {
    /// Every provider this configuration names.
    public func makeProviders() -> AIProviders {
        AIProviders(chat: makeChatModel(), transcriber: makeTranscriber())
    }
}
