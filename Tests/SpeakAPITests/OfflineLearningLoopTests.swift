import AI
import BSON
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// The whole learning loop over real HTTP with no AI configured: offline designer, a spoken
/// message transcribed by the Whisper sidecar, the offline partner's reply, rule-based feedback,
/// mistakes, a drill, a practice result, statistics, and offline speech of the reply.
@Suite("Offline learning loop over HTTP", .serialized, .tags(.speechEngines))
struct OfflineLearningLoopTests {
    static func spoken(_ text: String) throws -> [UInt8] { [UInt8](try ExternalTool.speech(text)) }

    @Test("conversation → spoken message → feedback → mistakes → drill → practice → statistics", arguments: StoreKind.allCases)
    func learningLoop(storeKind: StoreKind) async throws {
        try await withWarmSpeechEngines { providers in try await loop(storeKind: storeKind, providers: providers) }
    }

    private func loop(storeKind: StoreKind, providers: AIProviders) async throws {
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, storeKind: storeKind, providers: providers) { client, _ in
                // Given a learner in an offline role-play
                let token = try await LiveServer.register(client)
                let (created, _, conversation) = try await client.json(
                    .post, "/api/conversations", token: token, body: #"{"user_role":"tourist","ai_role":"tour guide","situation":"a city walk"}"#)
                #expect(created == .ok)
                let conversationID = try #require(conversation?["conversation"]?["id"]?.string)
                // When they say a sentence with a past-tense error
                let (uploaded, audio) = try await client.upload(try Self.spoken("Yesterday I go to the park with my friends"), filename: "say.wav", contentType: "audio/wav", token: token)
                #expect(uploaded == .ok && audio?["success"] == .bool(true))
                #expect(audio?["transcription"]?.string?.lowercased().contains("yesterday i go to the park") == true)
                let audioID = try #require(audio?["audio_id"]?.string)
                let (sent, _, exchange) = try await client.json(.post, "/api/conversations/\(conversationID)/message?audio_id=\(audioID)", token: token)
                #expect(sent == .ok)
                let reply = exchange?["ai_message"]?["content"]?.string ?? ""
                #expect(reply.hasSuffix("?") && ["park", "friends"].contains { reply.lowercased().contains($0) }, "reply: \(reply)")
                let messageID = try #require(exchange?["user_message"]?["id"]?.string)
                // Then the feedback becomes ready and names the error
                var feedback: JSONValue?
                for _ in 0..<100 {
                    let (_, _, body) = try await client.json(.get, "/api/messages/\(messageID)/feedback", token: token)
                    if body?["is_ready"] == .bool(true) { feedback = body; break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let grammar = feedback?["user_feedback"]?["detailed_feedback"]?["grammar_issues"]
                #expect(grammar?[0]?["correction"]?.string == "went", "feedback: \(String(describing: feedback))")
                // And the mistake is recorded, drilled, practised and counted
                let (_, _, list) = try await client.json(.get, "/api/mistakes/list", token: token)
                let mistakeID = try #require(list?[0]?["id"]?.string)
                #expect(list?[0]?["type"]?.string == "GRAMMAR" && list?[0]?["status"]?.string == "NEW")
                #expect(list?[0]?["context"]?.string?.contains("[go]") == true)
                let (_, _, drill) = try await client.json(.get, "/api/mistakes/drill-session?session_size=3", token: token)
                #expect(drill?["mistakes"]?[0]?["id"]?.string == mistakeID)
                #expect(drill?["session_id"]?.string?.hasPrefix("session_") == true)
                let (practised, _, result) = try await client.json(
                    .post, "/api/mistakes/practice-result", token: token, body: #"{"mistake_id":"\#(mistakeID)","performance_score":0.9,"user_text":"Yesterday I went to the park"}"#)
                #expect(practised == .ok && result?["successful_practices"] == .number("1") && result?["ease_factor"] != nil)
                let (_, _, again) = try await client.json(
                    .post, "/api/mistakes/practice/\(mistakeID)", token: token, body: #"{"was_successful":true,"user_answer":"I went"}"#)
                #expect(again?["feedback"]?.string == "Great job! You've correctly used 'went' instead of 'go'.")
                #expect(again?["status"]?.string == "LEARNING" && again?["practice_count"] == .number("1"))
                let (_, _, stats) = try await client.json(.get, "/api/mistakes/statistics", token: token)
                #expect(stats?["total_count"] == .number("1") && stats?["learning_count"] == .number("1"))
                #expect(stats?["type_distribution"]?["GRAMMAR"] == .number("1"))
                // And the feedback routes agree
                let (_, _, history) = try await client.json(.get, "/api/feedback/history", token: token)
                let feedbackID = try #require(history?[0]?["id"]?.string)
                let (_, _, byTarget) = try await client.json(.get, "/api/feedback/for/message/\(messageID)", token: token)
                #expect(byTarget?["id"]?.string == feedbackID && byTarget?["detailed_feedback"]?["grammar_issues"]?[0]?["severity"] == .number("4"))
                // And the partner's reply is spoken offline as MP3
                let aiID = try #require(exchange?["ai_message"]?["id"]?.string)
                try await client.execute(uri: "/api/messages/\(aiID)/speech", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes > 2000 && response.body.getInteger(at: 0, as: UInt8.self) == 0xFF)
                }
                // And another learner sees none of it
                let other = try await LiveServer.register(client, email: "bo@example.com")
                let (hidden, _, _) = try await client.json(.get, "/api/mistakes/\(mistakeID)", token: other)
                let (hiddenFeedback, _, _) = try await client.json(.get, "/api/feedback/\(feedbackID)", token: other)
                #expect(hidden == .notFound && hiddenFeedback == .notFound)
            }
        }
    }
}
