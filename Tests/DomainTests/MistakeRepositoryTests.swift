import BSON
import DocumentStore
import Domain
import Foundation
import TestSupport
import Testing

/// Extraction from feedback into the real store: the B§4.6 shape, de-duplication, idempotency.
@Suite struct MistakeRepositoryTests {
    static let detailed = DetailedFeedback(
        grammarIssues: [
            .init(issue: "I go", correction: "I went", explanation: "past", severity: 4),
            .init(issue: "minor thing", correction: "minor fix", explanation: "", severity: 2),
            .init(issue: "", correction: "skipped", explanation: ""),
            .init(issue: "a apple", correction: "an apple", explanation: "vowel"),
        ],
        vocabularyIssues: [.init(original: "make a photo", betterAlternative: "take a photo", reason: "collocation", exampleUsage: "Take a photo.")])
    /// One grammar issue, severity unknown (3).
    static func grammar(_ issue: String, _ correction: String, _ explanation: String) -> DetailedFeedback {
        DetailedFeedback(grammarIssues: [.init(issue: issue, correction: correction, explanation: explanation)])
    }

    @Test(arguments: StoreKind.allCases)
    func feedbackBecomesMistakesOnceAndRepeatsCountAsFrequency(storeKind: StoreKind) async throws {
        try await withTemporaryDirectory { directory in try await withStore(storeKind, in: directory) { store in
            // Given a store and a learner's feedback
            let repository = MistakeRepository(store: store)
            try await repository.prepare()
            let user = UserID.generate()
            let transcription = "Yesterday I go to the shop and I bought a apple, then I make a photo."
            let first = Feedback(messageID: .generate(), userID: user, text: "t", detailed: Self.detailed, transcription: transcription, timestamp: Date())
            // When it is recorded twice (a retried job), and a second feedback repeats one mistake
            let recorded = try await repository.record(from: first)
            try await repository.record(from: first)
            let second = Feedback(messageID: .generate(), userID: user, text: "t", detailed: Self.grammar("I go", "I went", "past"), transcription: "I go home", timestamp: Date())
            try await repository.record(from: second)
            // Then severity ≤ 2 and empty items are skipped, and repeats raise the frequency once per feedback
            #expect(recorded.map(\.originalText) == ["I go", "a apple", "make a photo"])
            let stored = try await repository.list(owner: user, limit: 50, skip: 0)
            #expect(stored.count == 3)
            #expect(stored.first { $0.originalText == "I go" }?.frequency == 2)
            #expect(stored.first { $0.originalText == "a apple" }?.frequency == 1)
            let photo = try #require(stored.first { $0.kind == .vocabulary })
            #expect(photo.exampleUsage == "Take a photo." && photo.severity == nil && photo.correction == "take a photo")
            // And the context wraps the error in brackets inside ±50 characters
            #expect(stored.first { $0.originalText == "I go" }?.context == "Yesterday [I go] to the shop and I bought a apple, then I make a p")
            // And the stored document has the contract's fields and types
            let raw = try #require(try await store.collection("mistakes").findOne(["original_text": "a apple"]))
            #expect(raw["type"] == "GRAMMAR" && raw["status"] == "NEW" && raw["in_drill_queue"] == true && raw["is_learned"] == false)
            #expect(raw["severity"] == .int32(3) && raw["situation_context"] == .null && raw["last_practiced"] == .null)
            #expect(raw["created_at"]?.datetimeValue != nil && raw["user_id"] == .objectId(user.objectId))
            let next = try #require(raw["next_practice_date"]?.datetimeValue?.date)
            let created = try #require(raw["created_at"]?.datetimeValue?.date)
            #expect(abs(next.timeIntervalSince(created) - 7200) < 0.01)
            // And source feedback ids are strings, as the original service writes and reads them
            let repeated = try #require(try await store.collection("mistakes").findOne(["original_text": "I go"]))
            #expect(repeated["source_feedback_ids"] == .array([.string(first.id.objectId.hex), .string(second.id.objectId.hex)]))
        } }
    }

    @Test(arguments: StoreKind.allCases)
    func sourceIdsWrittenAsObjectIdsByEarlierVersionsStillCountOnce(storeKind: StoreKind) async throws {
        try await withTemporaryDirectory { directory in try await withStore(storeKind, in: directory) { store in
            // Given a mistake an earlier version stored, its source feedback id an ObjectId
            let repository = MistakeRepository(store: store)
            try await repository.prepare()
            let user = UserID.generate()
            let feedback = Feedback(messageID: .generate(), userID: user, text: "t", detailed: Self.grammar("I go", "I went", "past"), transcription: "I go home", timestamp: Date())
            try await repository.record(from: feedback)
            try await store.collection("mistakes").updateOne(["user_id": .objectId(user.objectId)], ["$set": ["source_feedback_ids": [.objectId(feedback.id.objectId)]]])
            // When the same feedback is recorded again (a retried job)
            try await repository.record(from: feedback)
            // Then it is not counted twice, and the id still reads back
            let stored = try #require(try await repository.list(owner: user, limit: 50, skip: 0).first)
            #expect(stored.frequency == 1)
            #expect(stored.sourceFeedbackIDs == [feedback.id])
        } }
    }

    @Test(arguments: StoreKind.allCases)
    func masteredMistakesAreNotReopenedByRepeats(storeKind: StoreKind) async throws {
        try await withTemporaryDirectory { directory in try await withStore(storeKind, in: directory) { store in
            let repository = MistakeRepository(store: store)
            let user = UserID.generate()
            let feedback = Feedback(messageID: .generate(), userID: user, text: "", detailed: Self.grammar("he go", "he goes", ""), transcription: "he go", timestamp: Date())
            var mistake = try #require(try await repository.record(from: feedback).first)
            mistake.status = .mastered
            try await repository.save(mistake)
            // When the same error comes again, then it is a new mistake beside the mastered one
            let again = Feedback(messageID: .generate(), userID: user, text: "", detailed: feedback.detailed, transcription: "he go", timestamp: Date())
            try await repository.record(from: again)
            let all = try await repository.all(owner: user)
            #expect(all.count == 2 && all.filter { $0.status == .mastered }.count == 1)
        } }
    }
}
