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

    @Test("a conversation's context is read from the ends of its index: the latest messages for the partner, the first for feedback")
    func boundedContext() async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("context.db").path)
            do {
                let conversations = ConversationRepository(store: store)
                try await conversations.prepare()
                // Given a conversation of 120 messages, one a second
                let id = ConversationID(ObjectId())
                let start = Date(timeIntervalSince1970: 1_800_000_000)
                for i in 0..<120 {
                    try await conversations.insert(Message(
                        conversationID: id, sender: i % 2 == 0 ? .ai : .user, content: "line \(i)", timestamp: start.addingTimeInterval(Double(i))))
                }
                // When its latest 50 and first 10 are asked for
                let latest = try await conversations.latestMessages(of: id, limit: 50)
                let first = try await conversations.firstMessages(of: id, limit: FeedbackService.contextMessages)
                // Then each comes in time order, and only that many were read
                #expect(latest.map(\.content) == (70..<120).map { "line \($0)" })
                #expect(first.map(\.content) == (0..<10).map { "line \($0)" })
                let explained = try await store.explain(
                    "messages", ["conversation_id": .objectId(id.objectId)], options: FindOptions(sort: ["timestamp": -1, "_id": -1], limit: 50))
                #expect(explained.sortedByIndex && explained.documentsExamined == 50)
                #expect(try await conversations.contains(message: latest[0].id, in: id))
                #expect(try await !conversations.contains(message: latest[0].id, in: ConversationID(ObjectId())))
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
