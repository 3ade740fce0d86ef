import BSON
import DocumentStore
import Domain
import EmbeddedStore
import Foundation
import Testing
import TestSupport

@Suite("Messages read back from documents other writers stored")
struct MessageDocumentTests {
    @Test("a sender names the learner in any letter case, and nothing else does")
    func senderInAnyCase() async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("senders.db").path)
            do {
                // Given messages stored as another client (the Python service) might spell them
                let conversation = ConversationID(ObjectId())
                let senders = ["user", "User", "USER", "ai", "AI", "users", "usr", "", "üser"]
                let start = Date(timeIntervalSince1970: 1_745_000_000)
                let documents: [Document] = senders.enumerated().map { i, sender in
                    ["_id": .objectId(ObjectId()), "conversation_id": .objectId(conversation.objectId), "sender": .string(sender),
                     "content": .string("line \(i)"), "timestamp": .datetime(BSONDateTime(start.addingTimeInterval(Double(i))))]
                }
                try await store.collection("messages").insertMany(documents)
                // When the conversation's messages are read
                let messages = try await ConversationRepository(store: store).messages(of: conversation)
                // Then only the spellings of "user" are the learner's
                #expect(messages.map(\.sender) == [.user, .user, .user, .ai, .ai, .ai, .ai, .ai, .ai])
                #expect(messages.map(\.content) == senders.indices.map { "line \($0)" })
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
