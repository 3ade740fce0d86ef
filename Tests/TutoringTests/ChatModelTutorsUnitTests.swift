import AI
import Domain
import Foundation
import Testing
import TestSupport
import Tutoring

/// The chat-model tutors against a local server speaking the OpenAI protocol: what they make of
/// the model's answers, good and bad.
@Suite("Chat-model tutors (unit, over a local fake provider)")
struct ChatModelTutorsUnitTests {
    let conversation = Conversation(
        userID: .generate(), userRole: "guest", aiRole: "waiter", situation: "a restaurant", startedAt: Date(), voiceType: nil)

    func model(_ base: String) -> any ChatModel {
        OpenAICompatibleChatModel(endpoint: OpenAIEndpoint(baseURL: base, apiKey: "k"), model: "fake")
    }

    @Test("feedback: fenced JSON is read into typed feedback; severities clamped to 1–5, numbers kept as text, other members dropped")
    func feedbackIsTyped() async throws {
        // Given a model that wraps its JSON in prose and strays from the shape
        let answer = """
            Here you go:
            ```json
            {"user_feedback": "  Say 'I have'.  ", "mood": "happy",
             "detailed_feedback": {"grammar_issues": [{"issue": "I has", "correction": "I have", "explanation": "agreement", "severity": 9},
                                                      {"issue": 42, "correction": "x"}, "not an object"],
                                   "vocabulary_issues": [{"original": "make", "better_alternative": "do", "reason": "collocation", "example_usage": "do homework"}],
                                   "positives": ["clear", 3, ""], "fluency": "not a list"}}
            ```
            """
        let fake = FakeOpenAIServer(replies: [.content(answer)])
        let (text, detailed) = try await fake.run { base in
            // When the writer asks it
            try await ChatModelFeedbackWriter(model: model(base)).write(sentence: "I has a cat", conversation: conversation, previous: [])
        }
        // Then the text is trimmed and the detail is typed, kept only as far as it has the shape
        #expect(text == "Say 'I have'.")
        let issues = try #require(detailed?.grammarIssues)
        #expect(issues.map(\.severity) == [5, 3])
        #expect(issues.last?.issue == "42")
        #expect(detailed?.vocabularyIssues.first?.betterAlternative == "do")
        #expect(detailed?.positives == ["clear"])
        #expect(detailed?.fluency == [])
    }

    @Test("feedback: an answer without user_feedback is a bad response, for the caller to retry")
    func feedbackWithoutText() async throws {
        let fake = FakeOpenAIServer(replies: [.content(#"{"detailed_feedback": {}}"#)])
        await #expect(throws: AIProviderError.self) {
            try await fake.run { base in
                try await ChatModelFeedbackWriter(model: model(base)).write(sentence: "Hello", conversation: conversation, previous: [])
            }
        }
    }

    @Test("scenario: every field is required; a complete answer becomes a Scenario")
    func scenario() async throws {
        let complete = #"{"refined_user_role": "guest", "refined_ai_role": "waitress", "refined_situation": "Dinner.", "response": "Hi! Ready to order?", "ai_gender": "Female"}"#
        let fake = FakeOpenAIServer(replies: [.content(#"{"refined_user_role": "guest", "response": "Hi"}"#), .content(complete)])
        try await fake.run { base in
            let designer = ChatModelScenarioDesigner(model: model(base))
            // Given an answer that lacks fields, then a complete one
            await #expect(throws: AIProviderError.badResponse("the scenario lacks refined_ai_role, refined_situation, ai_gender")) {
                try await designer.design(userRole: "a guest", aiRole: "waitress", situation: "dinner")
            }
            let scenario = try await designer.design(userRole: "a guest", aiRole: "waitress", situation: "dinner")
            #expect(scenario == Scenario(userRole: "guest", aiRole: "waitress", situation: "Dinner.", openingLine: "Hi! Ready to order?", aiIsFemale: true))
        }
    }

    @Test("picture feedback: JSON is read; anything else gets the original service's texts")
    func pictureFeedback() async throws {
        let fake = FakeOpenAIServer(replies: [.content(#"{"better_version": "A bus.", "explanation": "Article."}"#), .content("I cannot.")])
        try await fake.run { base in
            let tutor = ChatModelPictureTutor(model: model(base))
            #expect(try await tutor.feedback(reference: "A red bus.", description: "bus") == PictureFeedback(betterVersion: "A bus.", explanation: "Article."))
            let unreadable = try await tutor.feedback(reference: "A red bus.", description: "bus")
            #expect(unreadable.betterVersion == "Could not generate improved version")
        }
    }

    @Test("the choice: no chat model gives the offline rules; a model gives its tutors")
    func choice() {
        #expect(Tutors.choose(chat: nil, feedbackLanguage: "English").source == .offlineRules)
        #expect(Tutors.choose(chat: model("http://127.0.0.1:9"), feedbackLanguage: "English").source == .chatModel)
        #expect(Tutors.offlineRules.partner is RuleBasedConversationPartner)
    }
}
