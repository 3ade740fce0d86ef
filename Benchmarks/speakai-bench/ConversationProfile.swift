import BSON
import DocumentStore
import Domain
import EmbeddedStore
import Foundation

/// `speakai-bench store-profile messages --seconds S`: a conversation's messages read the way the
/// conversation page reads them (`ConversationRepository.messages(of:)`: the index on
/// conversation and time, every document decoded and mapped to a `Message`), over 2,000
/// conversations of 11 messages; prints reads per second, for `perf record`.
enum ConversationProfile {
    static func run(seconds: Double, options: EmbeddedStore.Options) async throws {
        let directory = try scratchDirectory("speakai-profile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EmbeddedStore(path: directory.appendingPathComponent("p.db").path, options: options)
        let conversations = ConversationRepository(store: store)
        try await conversations.prepare()
        let start = Date(timeIntervalSince1970: 1_745_000_000)
        var ids: [ConversationID] = []
        for batch in 0..<20 {
            var documents: [Document] = []
            for _ in 0..<100 {
                let id = ConversationID(ObjectId())
                ids.append(id)
                for line in 0..<11 {
                    documents.append([
                        "_id": .objectId(ObjectId()), "conversation_id": .objectId(id.objectId), "sender": .string(line % 2 == 0 ? "ai" : "user"),
                        "content": .string("Line \(line) of conversation \(batch): I would like a large coffee with oat milk, please."),
                        "audio_path": line % 2 == 0 ? .null : .string("uploads/recording-\(line).wav"),
                        "transcription": line % 2 == 0 ? .null : .string("I would like a large coffee with oat milk, please."),
                        "feedback_id": .null, "timestamp": .datetime(BSONDateTime(start.addingTimeInterval(Double(line)))),
                    ])
                }
            }
            try await store.collection("messages").insertMany(documents)
        }
        var i = 0
        let ops = try await asyncOpsPerSecond(seconds: seconds) {
            i &+= 7919
            return try await conversations.messages(of: ids[i % ids.count]).count
        }
        print("messages: \(Int(ops)) conversations read per second (11 messages each)")
        try await store.close()
    }
}
