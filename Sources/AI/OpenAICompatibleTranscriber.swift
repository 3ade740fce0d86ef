import Foundation

/// Speech to text over the OpenAI-compatible `POST {base}/audio/transcriptions` (multipart),
/// asking for `verbose_json` so the duration comes back too (plain `json` answers also work).
public struct OpenAICompatibleTranscriber: Transcriber {
    public let endpoint: OpenAIEndpoint
    public let model: String
    /// Sent as `max_seconds` when set (our offline engine refuses longer audio with 413 before
    /// transcribing it; other servers are not sent it).
    public var maximumSeconds: Double?
    /// Sent as `prompt` when set: what the engine is told about the speech (`TRANSCRIPTION_PROMPT`).
    public var prompt: String?

    public init(endpoint: OpenAIEndpoint, model: String, maximumSeconds: Double? = nil, prompt: String? = nil) {
        self.endpoint = endpoint
        self.model = model
        self.maximumSeconds = maximumSeconds
        self.prompt = prompt
    }

    private struct Response: Decodable {
        var text: String
        var duration: Double?
        var words: [TimedWord]?
    }

    public func transcribe(_ audio: Data, filename: String, language: String) async throws -> Transcription {
        let boundary = "speakai-\(UUID().uuidString)"
        var body = Data()
        func field(_ name: String, _ value: String) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        field("model", model)
        field("language", language)
        field("response_format", "verbose_json")
        field("timestamp_granularities[]", "word")
        if let maximumSeconds { field("max_seconds", String(maximumSeconds)) }
        if let prompt { field("prompt", prompt) }
        let safeName = filename.replacingOccurrences(of: "\"", with: "_").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(safeName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(audio)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let data = try await endpoint.post(path: "audio/transcriptions", body: body, contentType: "multipart/form-data; boundary=\(boundary)", accept: "application/json")
        guard let response = try? JSONDecoder().decode(Response.self, from: data) else {
            throw AIProviderError.badResponse("no text in the transcription answer — \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return Transcription(text: response.text, durationSeconds: response.duration, words: response.words ?? [])
    }
}
