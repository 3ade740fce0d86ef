import Foundation
import Hummingbird
import HummingbirdTesting
import SpeakAPI
import Testing

@Suite("Root and errors over real HTTP")
struct RootRouteTests {
    @Test("GET / answers the original welcome document as UTF-8 JSON")
    func root() async throws {
        try await LiveServer.run { client, _ in
            // When the root is fetched with the client's JSON content type on a GET
            try await client.execute(uri: "/", method: .get, headers: [.contentType: "application/json"]) { response in
                // Then it is the original's body, status and content type
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                // (FastAPI's exact text: declaration order, compact, slashes unescaped)
                #expect(String(buffer: response.body) == #"{"message":"Welcome to Speak AI API","docs_url":"/docs","openapi_url":"/openapi.json"}"#)
            }
        }
    }

    @Test("an unknown route is FastAPI's 404 body")
    func notFound() async throws {
        try await LiveServer.run { client, _ in
            try await client.execute(uri: "/api/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"detail":"Not Found"}"#)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            }
        }
    }
}
