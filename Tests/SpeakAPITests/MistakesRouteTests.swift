import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The mistakes router's own routes and their answers to bad input, over real HTTP.
@Suite("Mistakes routes")
struct MistakesRouteTests {
    static let grammar = #"{"type":"grammar","original_text":"he go","correction":"he goes","explanation":"third person -s","context":"Every day he go to work.","severity":4}"#

    @Test("create, list with filters, read, patch, sessions, delete; static paths never read as ids")
    func lifecycle() async throws {
        try await LiveServer.run { client, _ in
            let token = try await LiveServer.register(client)
            // Given two mistakes entered by hand
            let (created, _, first) = try await client.json(.post, "/api/mistakes/create", token: token, body: Self.grammar)
            #expect(created == .created && first?["type"]?.string == "GRAMMAR" && first?["severity"] == .number("4"))
            #expect(first?["status"]?.string == "NEW" && first?["frequency"] == .number("1") && first?["last_practiced"] == .null)
            let (_, _, second) = try await client.json(
                .post, "/api/mistakes/create", token: token, body: #"{"type":"VOCABULARY","original_content":"make a photo","correction":"take a photo"}"#)
            #expect(second?["severity"] == .null && second?["context"]?.string == "make a photo")
            let firstID = try #require(first?["id"]?.string), secondID = try #require(second?["id"]?.string)
            // When they are listed and filtered
            let (_, _, all) = try await client.json(.get, "/api/mistakes/list", token: token)
            let (_, _, vocabulary) = try await client.json(.get, "/api/mistakes/list?type=vocabulary&in_drill_queue=true", token: token)
            if case .array(let items)? = all { #expect(items.count == 2 && items.first?["id"]?.string == secondID) } else { Issue.record("list: \(String(describing: all))") }
            if case .array(let items)? = vocabulary { #expect(items.count == 1) } else { Issue.record("filtered: \(String(describing: vocabulary))") }
            // Then the static paths answer as themselves
            let (statsStatus, _, stats) = try await client.json(.get, "/api/mistakes/statistics", token: token)
            #expect(statsStatus == .ok && stats?["total_count"] == .number("2") && stats?["due_for_practice"] == .number("0"))
            let (practiceStatus, _, practice) = try await client.json(.get, "/api/mistakes/practice", token: token)
            #expect(practiceStatus == .ok && practice == .array([]))
            // And patching, sessions and deleting work on the learner's own mistakes
            let (patched, _, updated) = try await client.json(.patch, "/api/mistakes/\(firstID)", token: token, body: #"{"status":"MASTERED","in_drill_queue":false}"#)
            #expect(patched == .ok && updated?["status"]?.string == "MASTERED" && updated?["is_learned"] == .bool(true))
            let (_, _, open) = try await client.json(.get, "/api/mistakes", token: token)
            #expect(open?[0]?["id"]?.string == secondID && open?[1] == nil)
            let (sessionStatus, _, session) = try await client.json(.post, "/api/mistakes/sessions", token: token, body: #"{"mistake_ids":["\#(firstID)","\#(secondID)"]}"#)
            #expect(sessionStatus == .ok && session?["mistake_ids"] == .array([.string(firstID), .string(secondID)]) && session?["completed_at"] == .null)
            let (deleted, _, _) = try await client.json(.delete, "/api/mistakes/\(secondID)", token: token)
            let (gone, _, _) = try await client.json(.get, "/api/mistakes/\(secondID)", token: token)
            #expect(deleted == .noContent && gone == .notFound)
            // And another learner can neither read nor use them
            let other = try await LiveServer.register(client, email: "bo@example.com")
            let (foreign, _, _) = try await client.json(.post, "/api/mistakes/sessions", token: other, body: #"{"mistake_ids":["\#(firstID)"]}"#)
            let (foreignPatch, _, _) = try await client.json(.patch, "/api/mistakes/\(firstID)", token: other, body: #"{"severity":2}"#)
            #expect(foreign == .notFound && foreignPatch == .notFound)
        }
    }

    @Test("bad input is 422 with the field's location, and nothing is stored", arguments: [
        ("/api/mistakes/create", #"{"type":"spelling","original_text":"x","correction":"y"}"#, ["body", "type"]),
        ("/api/mistakes/create", #"{"type":"grammar","original_text":"x","correction":"y","severity":"high"}"#, ["body", "severity"]),
        ("/api/mistakes/create", #"{"type":"grammar","original_text":"x","correction":"y","severity":9}"#, ["body", "severity"]),
        ("/api/mistakes/create", #"{"type":"grammar","original_text":"  ","correction":"y"}"#, ["body", "original_text"]),
        ("/api/mistakes/create", #"{"type":"grammar","correction":"y"}"#, ["body", "original_text"]),
        ("/api/mistakes/practice-result", #"{"mistake_id":"0123456789abcdef01234567"}"#, ["body", "performance_score"]),
        ("/api/mistakes/practice-result", #"{"mistake_id":"0123456789abcdef01234567","performance_score":1.5}"#, ["body", "performance_score"]),
        ("/api/mistakes/practice-result", #"{"mistake_id":"nope","performance_score":0.5}"#, ["body", "mistake_id"]),
        ("/api/mistakes/sessions", #"{"mistake_ids":"0123456789abcdef01234567"}"#, ["body", "mistake_ids"]),
        ("/api/mistakes/sessions", #"{"mistake_ids":[42]}"#, ["body", "mistake_ids", "0"]),
    ])
    func badInput(path: String, body: String, loc: [String]) async throws {
        try await LiveServer.run { client, store in
            let token = try await LiveServer.register(client)
            let (status, _, answer) = try await client.json(.post, path, token: token, body: body)
            #expect(status == .unprocessableContent)
            #expect(answer?["detail"]?[0]?["loc"] == .array(loc.map { .string($0) }), "\(String(describing: answer))")
            #expect(try await store.collection("mistakes").countDocuments() == 0)
        }
    }

    @Test("malformed ids and query values are 422; unknown ids 404; no token 401")
    func idsAndQueries() async throws {
        try await LiveServer.run { client, _ in
            let token = try await LiveServer.register(client)
            let (malformed, _, body) = try await client.json(.get, "/api/mistakes/not-an-id", token: token)
            #expect(malformed == .unprocessableContent && body?["detail"]?[0]?["loc"] == .array([.string("path"), .string("mistake_id")]))
            let (unknown, _, _) = try await client.json(.get, "/api/mistakes/0123456789abcdef01234567", token: token)
            #expect(unknown == .notFound)
            for query in ["limit=0", "limit=abc", "in_drill_queue=maybe", "type=other"] {
                let (status, _, _) = try await client.json(.get, "/api/mistakes/list?\(query)", token: token)
                #expect(status == .unprocessableContent, "\(query)")
            }
            let (size, _, _) = try await client.json(.get, "/api/mistakes/drill-session?session_size=21", token: token)
            #expect(size == .unprocessableContent)
            let (anonymous, _, _) = try await client.json(.get, "/api/mistakes/statistics")
            #expect(anonymous == .unauthorized)
            let (feedbackMissing, _, _) = try await client.json(.post, "/api/feedback/generate?target_id=0123456789abcdef01234567", token: token, body: #"{"text":"he go"}"#)
            #expect(feedbackMissing == .notFound)
            let (feedbackBad, _, _) = try await client.json(.post, "/api/feedback/generate?target_id=0123456789abcdef01234567&target_type=audio", token: token, body: #"{"text":"he go"}"#)
            #expect(feedbackBad == .unprocessableContent)
        }
    }
}
