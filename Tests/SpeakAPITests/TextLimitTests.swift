import BSON
import DocumentStore
import Foundation
import Hummingbird
import HummingbirdTesting
import SpeakAPI
import Testing

/// Every piece of text the server works on is bounded, and over the bound it is the client's
/// mistake (422, FastAPI's `string_too_long`), never work done.
@Suite("Text limits over real HTTP")
struct TextLimitTests {
    @Test("over-long scenario fields and feedback text are 422 string_too_long, and nothing is stored")
    func limits() async throws {
        try await LiveServer.run { client, store in
            let token = try await LiveServer.register(client)
            // A scenario field over 2,000 characters
            let situation = String(repeating: "a", count: 2001)
            let (status, _, body) = try await client.json(.post, "/api/conversations", token: token,
                                                          body: #"{"user_role":"guest","ai_role":"waiter","situation":"\#(situation)"}"#)
            #expect(status == .unprocessableContent)
            #expect(body?["detail"]?[0]?["type"]?.string == "string_too_long" && body?["detail"]?[0]?["loc"] == .array([.string("body"), .string("situation")]))
            #expect(try await store.collection("conversations").countDocuments() == 0)
            // Feedback text over 10,000 characters
            let text = String(repeating: "he go ", count: 2000)
            let (feedback, _, detail) = try await client.json(.post, "/api/feedback/generate?target_id=0123456789abcdef01234567&target_type=message",
                                                              token: token, body: #"{"text":"\#(text)"}"#)
            #expect(feedback == .unprocessableContent && detail?["detail"]?[0]?["type"]?.string == "string_too_long")
            // While text at the limit is taken
            let (fine, _, _) = try await client.json(.post, "/api/conversations", token: token,
                                                     body: #"{"user_role":"guest","ai_role":"waiter","situation":"\#(String(repeating: "a", count: 2000))"}"#)
            #expect(fine == .ok)
        }
    }
}
