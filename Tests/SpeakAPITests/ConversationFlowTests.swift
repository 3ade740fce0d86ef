import AI
import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import SpeakAPI
import Synchronization
import Testing
import TestSupport

@Suite("The whole flow over real HTTP: register, converse, speak, reply, feedback")
struct ConversationFlowTests {
    static let feedbackJSON = """
        {"user_feedback": "Say 'I went to school yesterday': after 'yesterday' use the past tense.",
         "detailed_feedback": {"grammar_issues": [{"issue": "I goes", "correction": "I went", "explanation": "past tense after yesterday", "severity": 4}],
                               "vocabulary_issues": [], "positives": ["Clear pronunciation"], "fluency": ["Natural pace"]}}
        """

    private func providers(_ base: String) -> AIProviders {
        let endpoint = OpenAIEndpoint(baseURL: base, apiKey: "k", timeout: .seconds(5), attempts: 1)
        return AIProviders(chat: OpenAICompatibleChatModel(endpoint: endpoint, model: "fake"), transcriber: OpenAICompatibleTranscriber(endpoint: endpoint, model: "whisper-1"))
    }

    /// Registers, starts a conversation, uploads a recording; returns token, conversation id, audio id.
    private func prepare(_ client: any TestClientProtocol) async throws -> (String, String, String) {
        let token = try await LiveServer.register(client)
        let (_, _, created) = try await client.json(.post, "/api/conversations", token: token, body: ConversationsRouteTests.create)
        let conversation = try #require(created?["conversation"]?["id"]?.string)
        let (_, uploaded) = try await client.upload(wavBytes(), filename: "audio_1.wav", contentType: "audio/wav", token: token)
        let audio = try #require(uploaded?["audio_id"]?.string)
        return (token, conversation, audio)
    }

    private func pollFeedback(_ client: any TestClientProtocol, _ message: String, token: String) async throws -> JSONValue? {
        for _ in 0..<100 {
            let (status, _, body) = try await client.json(.get, "/api/messages/\(message)/feedback", token: token)
            #expect(status == .ok)
            if body?["is_ready"] == .bool(true) { return body }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test("a spoken message gets an in-character reply, then feedback that the client can parse")
    func flow() async throws {
        let fake = FakeOpenAIServer(
            replies: [.content(ConversationsRouteTests.scenario), .content("Oh, nice! What did you learn there?"), .content(Self.feedbackJSON)],
            transcriptions: [.transcript("I goes to school yesterday.", duration: 0.5)])
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                try await LiveServer.run(in: directory, providers: providers(base)) { client, store in
                    let (token, conversation, audio) = try await prepare(client)
                    // When the learner sends the recording as a message (body-less POST with a JSON content type)
                    let (status, _, exchange) = try await client.json(.post, "/api/conversations/\(conversation)/message?audio_id=\(audio)", token: token)
                    // Then both messages come back in the client's shape, user before AI
                    #expect(status == .ok)
                    let user = try #require(exchange?["user_message"])
                    let ai = try #require(exchange?["ai_message"])
                    #expect(user["sender"]?.string == "user" && user["content"]?.string == "I goes to school yesterday.")
                    #expect(user["audio_path"]?.string?.isEmpty == false && user["feedback_id"] == .null)
                    #expect(ai["sender"]?.string == "ai" && ai["content"]?.string == "Oh, nice! What did you learn there?" && ai["audio_path"] == .null)
                    #expect((user["timestamp"]?.string ?? "") < (ai["timestamp"]?.string ?? ""))
                    // And feedback becomes ready, with the strict detailed shape and its own time
                    let messageID = try #require(user["id"]?.string)
                    let ready = try #require(try await pollFeedback(client, messageID, token: token))
                    let feedback = try #require(ready["user_feedback"])
                    #expect(feedback.keys == ["id", "user_feedback", "created_at", "detailed_feedback"])
                    #expect(feedback["detailed_feedback"]?.keys == ["grammar_issues", "vocabulary_issues", "positives", "fluency"])
                    if case .array(let issues)? = feedback["detailed_feedback"]?["grammar_issues"] {
                        #expect(issues.first?.keys == ["issue", "correction", "explanation"])
                    } else { Issue.record("no grammar issues") }
                    // The stored documents have the original's shapes and link
                    let stored = try #require(try await store.collection("feedback").findOne())
                    #expect(stored.fieldNames == ["_id", "target_id", "target_type", "user_feedback", "user_id", "transcription", "timestamp", "detailed_feedback"])
                    let message = try #require(try await store.collection("messages").findOne(["_id": .objectId(try ObjectId(messageID))]))
                    #expect(message["feedback_id"] == .string(stored["_id"]?.objectIdValue?.hex ?? ""))
                    // Voice context answers on both paths
                    for path in ["/api/messages/\(messageID)/voice_context", "/messages/\(messageID)/voice_context"] {
                        let (voice, _, context) = try await client.json(.get, path, token: token)
                        #expect(voice == .ok && context?["latest_ai_message"]?["content"]?.string == "Oh, nice! What did you learn there?")
                    }
                    // Someone else's message is not found; a missing audio_id is 422
                    let other = try await LiveServer.register(client, email: "eve@example.com")
                    let (foreign, _, _) = try await client.json(.get, "/api/messages/\(messageID)/feedback", token: other)
                    #expect(foreign == .notFound)
                    let (noAudio, _, _) = try await client.json(.post, "/api/conversations/\(conversation)/message", token: token)
                    #expect(noAudio == .unprocessableContent)
                }
            }
        }
    }

    @Test("the AI failing on a reply stores nothing")
    func replyFailure() async throws {
        let fake = FakeOpenAIServer(replies: [.content(ConversationsRouteTests.scenario), .status(500, "down")], transcriptions: [.transcript("Hello.", duration: 0.5)])
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                try await LiveServer.run(in: directory, providers: providers(base)) { client, store in
                    let (token, conversation, audio) = try await prepare(client)
                    let (status, _, _) = try await client.json(.post, "/api/conversations/\(conversation)/message?audio_id=\(audio)", token: token)
                    #expect(status == .badGateway)
                    #expect(try await store.collection("messages").countDocuments() == 1)
                    #expect(try await store.collection("jobs").countDocuments() == 0)
                }
            }
        }
    }

    @Test("feedback queued before a restart still arrives after it; a permanent failure stores the fallback")
    func durableFeedback() async throws {
        let fake = FakeOpenAIServer(
            replies: [.content(ConversationsRouteTests.scenario), .content("Great!"), .content(Self.feedbackJSON), .content(ConversationsRouteTests.scenario), .content("Sure!")],
            transcriptions: [.transcript("I like coffee.", duration: 0.5), .transcript("I likes tea.", duration: 0.5)],
            fallback: .status(500, "teacher unavailable"))
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                // Given a server that stops before its job worker runs
                let sent = Mutex(("", ""))
                try await LiveServer.run(in: directory, providers: providers(base), configure: { $0.runsJobs = false }) { client, store in
                    let (token, conversation, audio) = try await prepare(client)
                    let (_, _, exchange) = try await client.json(.post, "/api/conversations/\(conversation)/message?audio_id=\(audio)", token: token)
                    let message = exchange?["user_message"]?["id"]?.string ?? ""
                    sent.withLock { $0 = (token, message) }
                    let (_, _, waiting) = try await client.json(.get, "/api/messages/\(message)/feedback", token: token)
                    #expect(waiting?["is_ready"] == .bool(false))
                    #expect(try await store.collection("jobs").countDocuments(["status": "pending"]) == 1)
                }
                let firstMessage = sent.withLock { $0 }
                // When it starts again with the worker
                try await LiveServer.run(in: directory, providers: providers(base)) { client, store in
                    // Then the feedback queued before the stop arrives
                    let ready = try await pollFeedback(client, firstMessage.1, token: firstMessage.0)
                    #expect(ready?["user_feedback"]?["user_feedback"]?.string?.contains("past tense") == true)
                    // And feedback whose every attempt fails ends with the fallback text, ready
                    let (_, _, created) = try await client.json(.post, "/api/conversations", token: firstMessage.0, body: ConversationsRouteTests.create)
                    let conversation = try #require(created?["conversation"]?["id"]?.string)
                    let (_, uploaded) = try await client.upload(wavBytes(), filename: "b.wav", contentType: "audio/wav", token: firstMessage.0)
                    let audio = try #require(uploaded?["audio_id"]?.string)
                    let (_, _, exchange) = try await client.json(.post, "/api/conversations/\(conversation)/message?audio_id=\(audio)", token: firstMessage.0)
                    let second = try #require(exchange?["user_message"]?["id"]?.string)
                    let fallback = try await pollFeedback(client, second, token: firstMessage.0)
                    #expect(fallback?["user_feedback"]?["user_feedback"]?.string == "Thank you for your response. I had trouble analyzing it in detail, but please continue practicing.")
                    // (The worker stores the fallback, then marks the job failed: wait for that write.)
                    var failed = 0
                    for _ in 0..<100 {
                        failed = try await store.collection("jobs").countDocuments(["status": "failed"])
                        if failed == 1 { break }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(failed == 1)
                }
            }
        }
    }
}
