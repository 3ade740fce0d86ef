import Foundation

/// Offline transcription through the Whisper sidecar: the OpenAI-compatible transcriber pointed at
/// the engine `WhisperSidecar` keeps running. An engine that dies mid-request gives a clear error
/// and is started again for the next request; audio it cannot decode is the client's mistake.
public struct SidecarTranscriber: Transcriber {
    public let sidecar: WhisperSidecar

    public init(sidecar: WhisperSidecar) { self.sidecar = sidecar }

    public func transcribe(_ audio: Data, filename: String, language: String) async throws -> Transcription {
        let endpoint = try await sidecar.endpoint()
        do {
            return try await OpenAICompatibleTranscriber(endpoint: endpoint, model: "whisper-base").transcribe(audio, filename: filename, language: language)
        } catch AIProviderError.upstream(let status, let message) where status == 400 && message.contains("could not be decoded") {
            throw AIProviderError.rejectedInput("The audio could not be decoded: the file is damaged or not really the format its header claims")
        } catch AIProviderError.unreachable {
            await sidecar.recoverIfUnhealthy()
            throw AIProviderError.unreachable("the offline transcription engine stopped during the request and has been restarted; send the audio again")
        }
    }
}
