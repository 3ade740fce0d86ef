import AI
import BSON
import DocumentStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SpeakAPI
import TestSupport

/// The real server on a loopback port over a fresh store (the embedded data file, or MongoStore
/// through the wire protocol); bcrypt cost 4 keeps tests quick.
struct LiveServer {
    static let secret = Array("test-secret-of-at-least-32-bytes-long!".utf8)

    static func run(
        tokenMinutes: Int = 60, chatModel: (any ChatModel)? = nil, transcriber: any Transcriber = UnconfiguredTranscriber(),
        _ body: @Sendable (any TestClientProtocol, any DocumentStore) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            try await run(in: directory, tokenMinutes: tokenMinutes, providers: AIProviders(chat: chatModel, transcriber: transcriber), body)
        }
    }

    /// Runs the server on a store kept in `directory` (kept afterwards, for restart tests); its
    /// uploads go beside the store, under `directory`.
    static func run(
        in directory: URL, storeKind: StoreKind = .embedded, tokenMinutes: Int = 60, providers: AIProviders,
        configure: (inout SpeakAPIConfiguration) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol, any DocumentStore) async throws -> Void
    ) async throws {
        var configuration = SpeakAPIConfiguration(
            host: "127.0.0.1", port: 0, dataFile: directory.appendingPathComponent("api.db").path, jwtSecret: secret,
            tokenLifetimeMinutes: tokenMinutes, bcryptCost: 4, maximumUploadBytes: 1 << 20)
        configuration.jobRetryBaseSeconds = 0.05
        configure(&configuration)
        let settings = configuration
        // As `speakai serve` does: before the store opens, so that its metrics are exported.
        ProcessMetrics.bootstrap()
        try await withStore(storeKind, in: directory) { store in
            // Notices and worse only: the request log (info) of thousands of test requests is noise.
            var logger = Logger(label: "speakai-test")
            logger.logLevel = .notice
            let app = try await buildApplication(configuration: settings, store: store, providers: providers, logger: logger)
            try await app.test(.live) { client in try await body(client, store) }
        }
    }
}

extension LiveServer {
    /// Registers a learner and returns their token.
    static func register(_ client: any TestClientProtocol, email: String = "ann@example.com") async throws -> String {
        let (_, _, body) = try await client.json(.post, "/api/users/register", body: #"{"name":"Ann Lee","email":"\#(email)","password":"secret123"}"#)
        guard let token = body?["access_token"]?.string else { throw HTTPError(.internalServerError, message: "registration failed") }
        return token
    }
}

extension TestClientProtocol {
    /// Sends a JSON body (as the Flutter client does) and returns status, headers and parsed body.
    func json(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil) async throws -> (HTTPResponse.Status, HTTPFields, JSONValue?) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            return (response.status, response.headers, text.isEmpty ? nil : try? JSONValue(parsing: text))
        }
    }

    /// Sends a URL-encoded form.
    func form(_ uri: String, _ fields: String) async throws -> (HTTPResponse.Status, HTTPFields, JSONValue?) {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: fields)) { response in
            (response.status, response.headers, try? JSONValue(parsing: String(buffer: response.body)))
        }
    }
}

extension JSONValue {
    /// A member of an object.
    subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// An element of an array.
    subscript(_ index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The member names of an object, in order.
    var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
