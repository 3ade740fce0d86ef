import Foundation
import Hummingbird
import HummingbirdTesting
@testable import SpeakAPI
import Testing

/// Query strings read as the original service (FastAPI, `parse_qsl`) reads them.
@Suite("Query strings")
struct FormQueryTests {
    @Test("plus is a space, escapes are bytes, malformed escapes stay, the last repeat counts", arguments: [
        ("message=a+b", "message", "a b"), ("message=a%2Bb", "message", "a+b"), ("message=caf%C3%A9+%E2%9C%93", "message", "café ✓"),
        ("message=100%", "message", "100%"), ("message=%zz%4", "message", "%zz%4"), ("message=%FF", "message", "\u{FFFD}"),
        ("message", "message", ""), ("message=", "message", ""), ("a=1&message=x&message=y", "message", "y"),
        ("my+name=v", "my name", "v"), ("x=1&&y=2", "y", "2"), ("m=a=b", "m", "a=b"),
    ])
    func decoding(query: String, name: String, value: String) {
        #expect(FormQuery(query).get(name) == value)
    }

    @Test("absent names and empty queries have no value")
    func absent() {
        #expect(FormQuery(nil).get("message") == nil)
        #expect(FormQuery("").get("message") == nil)
        #expect(FormQuery("other=1").get("message") == nil)
    }

    @Test("over HTTP a + in a query value reaches the route as a space")
    func overHTTP() async throws {
        try await LiveServer.run { client, _ in
            let token = try await LiveServer.register(client)
            // When a filter value is sent with + for its space
            let (status, _, body) = try await client.json(.get, "/api/mistakes/list?type=gram+mar", token: token)
            // Then the route saw "gram mar" (and refuses it, quoting it back)
            #expect(status == .unprocessableContent)
            #expect(body?["detail"]?[0]?["input"]?.string == "gram mar")
        }
    }
}
