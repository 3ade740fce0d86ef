import BSON
import DocumentStore
import Domain
import EmbeddedStore
import Foundation
import Testing
import TestSupport

@Suite("Query plans: the app's hot queries read only what they return")
struct QueryPlanTests {
    /// Five learners, each with 40 conversations, 40 feedback items and 30 mistakes (half of
    /// them due, a few mastered but not due), and one conversation of 30 messages.
    private func withBusyStore(_ body: (EmbeddedStore, [UserID], ConversationID) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("plans.db").path)
            do {
                try await ConversationRepository(store: store).prepare()
                try await FeedbackRepository(store: store).prepare()
                try await MistakeRepository(store: store).prepare()
                let learners = (0..<5).map { _ in UserID(ObjectId()) }
                let base = Date(timeIntervalSince1970: 1_750_000_000)
                let now = base.addingTimeInterval(86_400)
                for learner in learners {
                    let owner = BSONValue.objectId(learner.objectId)
                    try await store.collection("conversations").insertMany((0..<40).map { i in
                        ["_id": .objectId(ObjectId()), "user_id": owner, "started_at": .datetime(BSONDateTime(base.addingTimeInterval(Double((i * 7919) % 40) * 60)))]
                    })
                    try await store.collection("feedback").insertMany((0..<40).map { i in
                        ["_id": .objectId(ObjectId()), "user_id": owner, "target_type": "message", "timestamp": .datetime(BSONDateTime(base.addingTimeInterval(Double(i) * 60)))]
                    })
                    var mistakes: [Document] = []
                    for i in 0..<30 {
                        let start: Date = i % 2 == 0 ? base : now.addingTimeInterval(3600)
                        let status: BSONValue = .string(i % 10 == 1 ? "MASTERED" : "LEARNING")
                        let next = BSONValue.datetime(BSONDateTime(start.addingTimeInterval(Double(i))))
                        mistakes.append(["_id": .objectId(ObjectId()), "user_id": owner, "status": status, "next_practice_date": next])
                    }
                    try await store.collection("mistakes").insertMany(mistakes)
                }
                let conversation = ConversationID(ObjectId())
                try await store.collection("messages").insertMany((0..<30).map { i in
                    ["_id": .objectId(ObjectId()), "conversation_id": .objectId(conversation.objectId), "sender": .string(i % 2 == 0 ? "user" : "ai"),
                     "timestamp": .datetime(BSONDateTime(base.addingTimeInterval(Double((i * 13) % 30))))]
                })
                try await store.collection("messages").insertMany((0..<200).map { _ in ["conversation_id": .objectId(ObjectId()), "timestamp": .datetime(BSONDateTime(base))] })
                try await body(store, learners, conversation)
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
        }
    }

    @Test("the conversation page, messages by time, feedback history and due mistakes are index scans in sort order")
    func hotQueries() async throws {
        try await withBusyStore { store, learners, conversation in
            let learner = learners[2]
            let now = Date(timeIntervalSince1970: 1_750_000_000 + 86_400)
            let cases: [(String, String, (filter: Document, options: FindOptions), Int)] = [
                ("conversations", "user_id_1_started_at_-1__id_-1", ConversationRepository.pageQuery(owner: learner, page: 1, limit: 10), 10),
                ("messages", "conversation_id_1_timestamp_1__id_1", ConversationRepository.messagesQuery(of: conversation), 30),
                ("feedback", "user_id_1_timestamp_-1__id_-1", FeedbackRepository.historyQuery(owner: learner, targetType: nil, limit: 20, skip: 0), 20),
                ("mistakes", "user_id_1_next_practice_date_1", MistakeRepository.dueQuery(owner: learner, now: now, limit: 5), 5),
            ]
            for (collection, index, query, expected) in cases {
                // When the app's query is explained
                let explained = try await store.explain(collection, query.filter, options: query.options)
                // Then it walks the index in sort order and reads exactly what it returns
                #expect(explained.indexName == index, "\(collection): \(explained)")
                #expect(explained.sortedByIndex, "\(collection): \(explained)")
                #expect(explained.returned == expected, "\(collection): \(explained)")
                #expect(explained.documentsExamined == expected, "\(collection): \(explained)")
                #expect(explained.keysExamined == expected, "\(collection): \(explained)")
                // And returns what an in-memory sort of every match would
                let all = try await store.collection(collection).find(query.filter)
                let sorted = try SortSpec(query.options.sort ?? [:]).sorted(all)
                let found = try await store.collection(collection).find(query.filter, options: query.options)
                #expect(found == Array(sorted.prefix(expected)), "\(collection)")
            }
        }
    }

    @Test("equality, $in and ranges on _id and on indexes; an unindexed filter scans")
    func plans() async throws {
        try await withBusyStore { store, learners, _ in
            let ids = try await store.collection("conversations").find(["user_id": .objectId(learners[0].objectId)]).compactMap { $0["_id"] }
            let byId = try await store.explain("conversations", ["_id": ["$in": .array(Array(ids.prefix(3)))]])
            #expect(byId.plan == "IDHACK" && byId.returned == 3 && byId.documentsExamined == 3)
            let owners = try await store.explain("feedback", ["user_id": ["$in": .array(learners.prefix(2).map { .objectId($0.objectId) })]])
            #expect(owners.indexName == "user_id_1_timestamp_-1__id_-1" && owners.returned == 80 && owners.documentsExamined == 80)
            let scan = try await store.explain("feedback", ["target_type": "message"])
            #expect(scan.plan == "COLLSCAN" && scan.returned == 200 && scan.documentsExamined == 200)
        }
    }

    @Test("an e-mail is found in any letter case through the case-insensitive index, reading one document")
    func emailLookup() async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("users.db").path)
            do {
                // Given 500 accounts whose addresses are stored as typed
                let users = UserRepository(store: store)
                #expect(try await users.prepare().isEmpty)
                try await store.collection("users").insertMany((0..<500).map { i in
                    ["_id": .objectId(ObjectId()), "email": .string("Learner.\(i)@Example.com"), "name": "L", "password": "x"]
                })
                // When one is looked up in another case
                let explained = try await store.explain(
                    "users", ["email": "LEARNER.250@EXAMPLE.COM"], options: FindOptions(limit: 1, collation: .caseInsensitive))
                // Then the case-insensitive index finds it, reading only it
                #expect(explained.indexName == UserRepository.caseInsensitiveEmailIndex)
                #expect(explained.returned == 1 && explained.documentsExamined == 1)
                #expect(try await users.find(email: "learner.250@example.COM")?.email == "Learner.250@Example.com")
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
