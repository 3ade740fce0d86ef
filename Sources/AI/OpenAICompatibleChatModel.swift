import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Chat completions over the OpenAI-compatible HTTP API (`POST {base}/chat/completions`), which
/// reaches OpenAI, Gemini's OpenAI endpoint, Ollama, llama.cpp, vLLM and the like. Retries 429
/// and 5xx answers and lost connections with back-off; gives up after a deadline.
public struct OpenAICompatibleChatModel: ChatModel {
    public let endpoint: OpenAIEndpoint
    public let model: String

    public init(endpoint: OpenAIEndpoint, model: String) {
        self.endpoint = endpoint
        self.model = model
    }

    private struct Request: Encodable {
        struct Format: Encodable { var type = "json_object" }
        var model: String
        var messages: [ChatMessage]
        var temperature: Double
        var responseFormat: Format?

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature, responseFormat = "response_format"
        }
    }

    private struct Response: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message
        }
        var choices: [Choice]
    }

    public func complete(_ messages: [ChatMessage], json: Bool) async throws -> String {
        let body = try JSONEncoder().encode(Request(model: model, messages: messages, temperature: 0.7, responseFormat: json ? .init() : nil))
        let data = try await endpoint.post(path: "chat/completions", body: body, contentType: "application/json", accept: "application/json")
        guard let response = try? JSONDecoder().decode(Response.self, from: data), let content = response.choices.first?.message.content else {
            throw AIProviderError.badResponse("no choices[0].message.content — \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return content
    }
}

/// Where an OpenAI-compatible API lives, and how to call it robustly.
public struct OpenAIEndpoint: Sendable {
    /// Base URL including the version path, e.g. `https://api.openai.com/v1`.
    public let baseURL: String
    public let apiKey: String?
    /// The deadline of one attempt.
    public let timeout: Duration
    /// Attempts before giving up on 429/5xx answers or lost connections.
    public let attempts: Int

    public init(baseURL: String, apiKey: String?, timeout: Duration = .seconds(60), attempts: Int = 3) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.attempts = attempts
    }

    /// POSTs a body and returns the answer's bytes.
    func post(path: String, body: Data, contentType: String, accept: String) async throws -> Data {
        var lastError = AIProviderError.unreachable(baseURL)
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 { try await Task.sleep(for: .milliseconds(250 << attempt)) }
            var request = HTTPClientRequest(url: "\(baseURL)/\(path)")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: contentType)
            request.headers.add(name: "Accept", value: accept)
            if let apiKey, !apiKey.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
                let bytes = try await response.body.collect(upTo: 64 << 20)
                let data = Data(bytes.readableBytesView)
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return data }
                lastError = .upstream(status: status, message: String(decoding: data.prefix(300), as: UTF8.self))
                if status != 429 && status < 500 { throw lastError }
            } catch let error as AIProviderError {
                throw error
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                throw AIProviderError.timedOut("\(baseURL)/\(path) after \(timeout)")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastError = .unreachable("\(baseURL)/\(path): \(error)")
            }
        }
        throw lastError
    }
}
