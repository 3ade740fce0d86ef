import BSON
import DocumentStore
import Domain
import EmbeddedStore
import Foundation
import Testing
import TestSupport
import Tutoring

@Suite("Giving feedback: mistakes in place before the learner sees it, each counted once")
struct FeedbackServiceTests {
    @Test("an attempt that stopped between storing the feedback and linking it is finished with the same feedback, its mistakes counted once")
    func interruptedAttemptIsFinished() async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("feedback.db").path)
            do {
                let conversations = ConversationRepository(store: store)
                try await conversations.prepare()
                let feedback = FeedbackRepository(store: store)
                try await feedback.prepare()
                let mistakes = MistakeRepository(store: store)
                try await mistakes.prepare()
                let service = FeedbackService(conversations: conversations, feedback: feedback, writer: RuleBasedFeedbackWriter(), mistakes: mistakes)
                let learner = UserID(ObjectId())
                let (conversation, opening) = try await ConversationService(conversations: conversations, designer: RuleBasedScenarioDesigner())
                    .start(for: learner, userRole: "friend", aiRole: "friend", situation: "a chat")
                let message = opening.id  // any stored message of the conversation will do
                let sentence = "Yesterday I go to the park."
                // Given feedback that an earlier attempt stored but did not link (it stopped there)
                let written = try await RuleBasedFeedbackWriter().write(sentence: sentence, conversation: conversation, previous: [])
                let pending = Feedback(messageID: message, userID: learner, text: written.text, detailed: written.detailed, transcription: sentence, timestamp: Date())
                try await feedback.insertUnlinked(pending)
                #expect(try await feedback.linked(to: message) == nil)
                // When the job runs again, twice
                let first = try await service.give(on: message, in: conversation, sentence: sentence, user: learner)
                let second = try await service.give(on: message, in: conversation, sentence: sentence, user: learner)
                // Then the same feedback is used and linked, and its mistake is recorded once
                #expect(first.id == pending.id && second.id == pending.id)
                #expect(try await feedback.linked(to: message)?.id == pending.id)
                #expect(try await store.collection("feedback").countDocuments(["target_id": .objectId(message.objectId)]) == 1)
                let recorded = try await store.collection("mistakes").find(["user_id": .objectId(learner.objectId)])
                #expect(recorded.count == 1)
                #expect(recorded.first?["frequency"]?.exactInt64 == 1)
                #expect(recorded.first?["source_feedback_ids"] == [.string(pending.id.hex)])
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
