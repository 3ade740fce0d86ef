import Foundation

/// Text to speech.
public protocol SpeechSynthesizer: Sendable {
    /// MP3 bytes of the text spoken in the voice (a Kokoro voice id such as `af_heart`; engines
    /// that do not know it use their configured voice).
    /// - Throws: `AIProviderError`.
    func speak(_ text: String, voice: String) async throws -> Data
}

/// Stands in when no speech provider is configured: every call says what to set.
public struct UnconfiguredSpeechSynthesizer: SpeechSynthesizer {
    public init() {}

    public func speak(_ text: String, voice: String) async throws -> Data {
        throw AIProviderError.notConfigured(
            "No speech provider is configured: set TTS_BACKEND_BASE_URL (a Kokoro server) or AI_BASE_URL (and AI_SPEECH_MODEL) for an OpenAI-compatible API")
    }
}

/// Speech over the OpenAI-compatible `POST {base}/audio/speech` (OpenAI, Kokoro-FastAPI, …).
public struct OpenAICompatibleSpeechSynthesizer: SpeechSynthesizer {
    public let endpoint: OpenAIEndpoint
    public let model: String
    /// When set, used instead of the conversation's voice (for engines without Kokoro voices).
    public let fixedVoice: String?

    public init(endpoint: OpenAIEndpoint, model: String, fixedVoice: String?) {
        self.endpoint = endpoint
        self.model = model
        self.fixedVoice = fixedVoice
    }

    private struct Request: Encodable {
        var model: String
        var input: String
        var voice: String
        var responseFormat = "mp3"
        var speed = 1.0

        enum CodingKeys: String, CodingKey {
            case model, input, voice, responseFormat = "response_format", speed
        }
    }

    public func speak(_ text: String, voice: String) async throws -> Data {
        let body = try JSONEncoder().encode(Request(model: model, input: text, voice: fixedVoice ?? voice))
        let audio = try await endpoint.post(path: "audio/speech", body: body, contentType: "application/json", accept: "audio/mpeg")
        guard !audio.isEmpty else { throw AIProviderError.badResponse("the speech answer is empty") }
        return audio
    }
}
