import BSON
import DocumentStore
import Domain
import EmbeddedStore
import Foundation
import Testing
import TestSupport
import Tutoring

@Suite("Sending a message: the exchange and its feedback job")
struct MessageServiceTests {
    @Test("when the reply cannot be stored, nothing of the exchange stays and no feedback job exists")
    func noOrphanJob() async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("messages.db").path)
            do {
                let conversations = ConversationRepository(store: store)
                try await conversations.prepare()
                let audio = AudioRepository(store: store)
                let jobs = JobQueue(store: store)
                try await jobs.prepare()
                let learner = UserID(ObjectId())
                let (conversation, _) = try await ConversationService(conversations: conversations, designer: RuleBasedScenarioDesigner())
                    .start(for: learner, userRole: "guest", aiRole: "waiter", situation: "a restaurant")
                let clip = AudioClip(userID: learner, filename: "a.wav", filePath: "uploads/a.wav", durationSeconds: 1, transcription: "A table for two, please.", createdAt: Date())
                try await audio.insert(clip)
                // Given a store that refuses a second AI message in the conversation (the opening line is one)
                try await store.collection("messages").createIndex(IndexModel(keys: ["conversation_id": 1, "sender": 1], name: "one_per_sender", unique: true))
                let service = MessageService(conversations: conversations, audio: audio, jobs: jobs, partner: RuleBasedConversationPartner())
                // When the learner sends their message
                let failure = await storeError { _ = try await service.send(from: learner, in: conversation.id, audioID: clip.id) }
                // Then it fails, only the opening line is stored, and no feedback job waits to write about a message that is not there
                #expect(failure?.code == 11000)
                #expect(try await store.collection("messages").countDocuments(["conversation_id": .objectId(conversation.id.objectId)]) == 1)
                #expect(try await store.collection("jobs").countDocuments() == 0)
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
