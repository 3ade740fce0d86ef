import AI
import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import SpeakAPI
import Testing
import TestSupport

@Suite("Conversations over real HTTP, AI through a fake OpenAI-compatible server")
struct ConversationsRouteTests {
    static let scenario = """
        Sure! Here is the role-play:
        ```json
        {"refined_user_role": "Customer", "refined_ai_role": "Barista", "refined_situation": "Ordering a coffee at a busy cafe.",
         "response": "Hi there! What can I get for you today?", "ai_gender": "Female"}
        ```
        Enjoy!
        """
    static let create = #"{"user_role":"customer","ai_role":"coffee shop worker","situation":"buy coffee"}"#

    private func model(_ baseURL: String, timeout: Duration = .seconds(5)) -> any ChatModel {
        OpenAICompatibleChatModel(endpoint: OpenAIEndpoint(baseURL: baseURL, apiKey: "test-key", timeout: timeout, attempts: 3), model: "fake")
    }

    @Test("create answers 200 with the conversation and the opening line; the documents have the original's shape")
    func create() async throws {
        let fake = FakeOpenAIServer(replies: [.content(Self.scenario)])
        try await fake.run { base in
            try await LiveServer.run(chatModel: model(base)) { client, store in
                let token = try await LiveServer.register(client)
                // When a conversation is started (the model wraps its JSON in prose and a fence)
                let (status, _, body) = try await client.json(.post, "/api/conversations", token: token, body: Self.create)
                // Then the refined scenario and opening line come back in the client's shape
                #expect(status == .ok)
                #expect(body?.keys == ["conversation", "initial_message"])
                let conversation = try #require(body?["conversation"])
                #expect(conversation.keys == ["id", "user_id", "user_role", "ai_role", "situation", "started_at", "ended_at"])
                #expect(conversation["user_role"]?.string == "Customer" && conversation["ended_at"] == .null)
                let opening = try #require(body?["initial_message"])
                #expect(opening.keys == ["id", "conversation_id", "sender", "content", "timestamp", "audio_path", "transcription", "feedback_id"])
                #expect(opening["sender"]?.string == "ai" && opening["content"]?.string == "Hi there! What can I get for you today?")
                #expect(opening["conversation_id"] == conversation["id"])
                // And the stored documents match the original service's, with a female voice
                let stored = try #require(try await store.collection("conversations").findOne())
                #expect(stored.fieldNames == ["_id", "user_id", "user_role", "ai_role", "situation", "started_at", "ended_at", "voice_type"])
                #expect(stored["user_id"]?.objectIdValue != nil)
                #expect(VoiceCatalogFemale.contains(stored["voice_type"]?.stringValue ?? ""))
                let message = try #require(try await store.collection("messages").findOne())
                #expect(message.fieldNames == ["_id", "conversation_id", "sender", "content", "audio_path", "transcription", "feedback_id", "timestamp"])
                // The request carried the learner's words and asked for JSON
                #expect(fake.receivedBodies.first?.contains("coffee shop worker") == true)
                #expect(fake.receivedBodies.first?.contains("json_object") == true)
            }
        }
    }

    @Test("the AI failing or answering garbage is a clear error and stores nothing")
    func aiFailures() async throws {
        let fake = FakeOpenAIServer(replies: [
            .content("I cannot help with that."),
            .content(#"{"refined_user_role": "A", "response": "Hi"}"#),
            .status(400, #"{"error": "bad model"}"#),
            .delayed(.seconds(6), .content(Self.scenario)),
        ])
        try await fake.run { base in
            try await LiveServer.run(chatModel: model(base, timeout: .seconds(3))) { client, store in
                let token = try await LiveServer.register(client)
                let (garbage, _, garbageBody) = try await client.json(.post, "/api/conversations", token: token, body: Self.create)
                #expect(garbage == .badGateway && garbageBody?["detail"]?.string?.contains("not a JSON object") == true)
                let (missing, _, missingBody) = try await client.json(.post, "/api/conversations", token: token, body: Self.create)
                #expect(missing == .badGateway && missingBody?["detail"]?.string?.contains("refined_ai_role") == true)
                let (refused, _, refusedBody) = try await client.json(.post, "/api/conversations", token: token, body: Self.create)
                #expect(refused == .badGateway)
                // (the client is told what happened, not the provider's address or answer: those are logged)
                #expect(refusedBody?["detail"]?.string == "The AI provider answered with an error (HTTP 400)")
                let (slow, _, slowBody) = try await client.json(.post, "/api/conversations", token: token, body: Self.create)
                #expect(slow == .gatewayTimeout && slowBody?["detail"]?.string == "The AI provider did not answer in time")
                #expect(try await store.collection("conversations").countDocuments() == 0)
                #expect(try await store.collection("messages").countDocuments() == 0)
            }
        }
    }

    @Test("429 and 5xx answers are retried")
    func retries() async throws {
        let fake = FakeOpenAIServer(replies: [.status(503, "busy"), .status(429, "slow down"), .content(Self.scenario)])
        try await fake.run { base in
            try await LiveServer.run(chatModel: model(base)) { client, _ in
                let token = try await LiveServer.register(client)
                let (status, _, _) = try await client.json(.post, "/api/conversations", token: token, body: Self.create)
                #expect(status == .ok)
                #expect(fake.receivedBodies.count == 3)
            }
        }
    }

    @Test("with no AI configured, the offline designer refines the scenario in character")
    func notConfigured() async throws {
        try await LiveServer.run { client, _ in
            let token = try await LiveServer.register(client)
            let (status, _, body) = try await client.json(
                .post, "/api/conversations", token: token,
                body: #"{"user_role":"a hungry customer at a small cafe","ai_role":"the friendly waitress","situation":"ordering lunch on a busy day"}"#)
            #expect(status == .ok)
            #expect(body?["conversation"]?["user_role"]?.string == "hungry customer")
            #expect(body?["conversation"]?["ai_role"]?.string == "friendly waitress")
            #expect(body?["conversation"]?["situation"]?.string?.contains("Ordering lunch on a busy day.") == true)
            let opening = body?["initial_message"]?["content"]?.string ?? ""
            #expect(opening.hasSuffix("?") && opening.contains("friendly waitress"))
            let (invalid, _, _) = try await client.json(.post, "/api/conversations", token: token, body: #"{"user_role":"x"}"#)
            #expect(invalid == .unprocessableContent)
        }
    }

    @Test("list is paged newest first; read returns messages; others' and malformed ids are 404 and 422")
    func listAndRead() async throws {
        let fake = FakeOpenAIServer(fallback: .content(Self.scenario))
        try await fake.run { base in
            try await LiveServer.run(chatModel: model(base)) { client, _ in
                let token = try await LiveServer.register(client)
                var ids: [String] = []
                for _ in 0..<3 {
                    let (_, _, body) = try await client.json(.post, "/api/conversations", token: token, body: Self.create)
                    ids.append(body?["conversation"]?["id"]?.string ?? "")
                    try await Task.sleep(for: .milliseconds(5))
                }
                let (status, _, page) = try await client.json(.get, "/api/conversations?page=1&limit=2", token: token)
                #expect(status == .ok)
                #expect(page?.keys == ["conversations", "total", "page", "limit"])
                #expect(page?["total"] == .number("3"))
                if case .array(let items)? = page?["conversations"] {
                    #expect(items.map { $0["id"]?.string ?? "" } == [ids[2], ids[1]])
                } else { Issue.record("no conversations list") }
                let (read, _, conversation) = try await client.json(.get, "/api/conversations/\(ids[0])", token: token)
                #expect(read == .ok)
                if case .array(let messages)? = conversation?["messages"] {
                    #expect(messages.count == 1 && messages[0]["sender"]?.string == "ai")
                } else { Issue.record("no messages") }
                let other = try await LiveServer.register(client, email: "bob@example.com")
                let (foreign, _, foreignBody) = try await client.json(.get, "/api/conversations/\(ids[0])", token: other)
                #expect(foreign == .notFound && foreignBody?["detail"]?.string == "Conversation not found")
                let (malformed, _, malformedBody) = try await client.json(.get, "/api/conversations/not-an-id", token: token)
                #expect(malformed == .unprocessableContent)
                if case .array(let issues)? = malformedBody?["detail"] { #expect(issues.first?["loc"] == .array([.string("path"), .string("conversation_id")])) }
                let (badPage, _, _) = try await client.json(.get, "/api/conversations?page=0", token: token)
                #expect(badPage == .unprocessableContent)
            }
        }
    }
}

/// The female voices (the AI said "Female").
let VoiceCatalogFemale = ["af_aoede", "af_heart", "bf_v0isabella", "jf_alpha"]
