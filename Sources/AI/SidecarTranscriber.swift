import Foundation

/// Offline transcription through the Whisper sidecar: the OpenAI-compatible transcriber pointed at
/// the engine `WhisperSidecar` keeps running. Requests take their turn in the engine's queue
/// (waiting at most `maximumWait`); an engine that dies mid-request is started again and the
/// request sent once more; audio it cannot decode is the client's mistake; audio longer than
/// `maximumSeconds` is refused before the engine transcribes it.
public struct SidecarTranscriber: Transcriber {
    public let sidecar: WhisperSidecar
    /// How long a request waits for its turn at the engine (`TRANSCRIBE_QUEUE_SECONDS`).
    public var maximumWait: Duration
    /// The longest recording transcribed (`MAX_AUDIO_SECONDS`).
    public var maximumSeconds: Double
    /// Whisper's initial prompt (`TRANSCRIPTION_PROMPT`); `nil` for none.
    public var prompt: String?

    public init(sidecar: WhisperSidecar, maximumWait: Duration = .seconds(120), maximumSeconds: Double = 300, prompt: String? = nil) {
        self.sidecar = sidecar
        self.maximumWait = maximumWait
        self.maximumSeconds = maximumSeconds
        self.prompt = prompt
    }

    public func transcribe(_ audio: Data, filename: String, language: String) async throws -> Transcription {
        try await sidecar.queue.run(waitingAtMost: maximumWait) { try await attempt(audio, filename: filename, language: language) }
    }

    /// A recording on disk: read when its turn at the engine comes.
    public func transcribe(file: URL, filename: String, language: String) async throws -> Transcription {
        try await sidecar.queue.run(waitingAtMost: maximumWait) {
            try await attempt(try await Self.contents(of: file), filename: filename, language: language)
        }
    }

    /// A partial result of a live stream: only when the engine is free this moment, else `nil`
    /// (a partial never waits behind an upload).
    public func transcribeIfFree(_ audio: Data, filename: String, language: String) async throws -> Transcription? {
        do {
            return try await sidecar.queue.run(waitingAtMost: .zero) { try await attempt(audio, filename: filename, language: language, retry: false) }
        } catch AIProviderError.timedOut {
            return nil
        }
    }

    private func attempt(_ audio: Data, filename: String, language: String, retry: Bool = true) async throws -> Transcription {
        let endpoint = try await sidecar.endpoint()
        do {
            return try await OpenAICompatibleTranscriber(endpoint: endpoint, model: "whisper-base", maximumSeconds: maximumSeconds, prompt: prompt)
                .transcribe(audio, filename: filename, language: language)
        } catch AIProviderError.upstream(let status, let message) where status == 400 && message.contains("could not be decoded") {
            throw AIProviderError.rejectedInput("The audio could not be decoded: the file is damaged or not really the format its header claims")
        } catch AIProviderError.upstream(let status, let message) where status == 413 && message.contains("duration=") {
            throw RecordingTooLong(seconds: Self.duration(in: message), limit: maximumSeconds)
        } catch AIProviderError.unreachable {
            // The engine stopped under this request: start a new one and send it once more.
            await sidecar.recoverIfUnhealthy(holdingTurn: true)
            guard retry else { throw AIProviderError.unreachable("the offline transcription engine stopped during the request and has been restarted") }
            do {
                return try await attempt(audio, filename: filename, language: language, retry: false)
            } catch AIProviderError.unreachable {
                throw AIProviderError.unreachable("the offline transcription engine stopped twice during the request (it has been restarted)")
            }
        }
    }

    /// The number after `duration=` in the engine's message.
    static func duration(in message: String) -> Double? {
        guard let range = message.range(of: "duration=") else { return nil }
        return Double(message[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}
