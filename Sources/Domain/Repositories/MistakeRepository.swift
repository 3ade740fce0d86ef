import BSON
import DocumentStore
import Foundation

/// The `mistakes` collection (CONTRACT B§4.6) and the `practice_sessions` collection (B§4.7).
public struct MistakeRepository: Sendable {
    private let mistakes: any DocumentCollection
    private let sessions: any DocumentCollection

    public init(store: any DocumentStore) {
        mistakes = store.collection("mistakes")
        sessions = store.collection("practice_sessions")
    }

    /// Indexes: a learner's mistakes, the de-duplication key, and the practice queue (by next
    /// practice date).
    public func prepare() async throws {
        try await mistakes.createIndex(IndexModel(keys: ["user_id": 1]))
        try await mistakes.createIndex(IndexModel(keys: ["user_id": 1, "type": 1, "original_text": 1]))
        try await mistakes.createIndex(IndexModel(keys: ["user_id": 1, "next_practice_date": 1]))
    }

    /// The filter and options of the learner's mistakes due for practice at `now` (not
    /// mastered), the longest-waiting first.
    public static func dueQuery(owner: UserID, now: Date, limit: Int) -> (filter: Document, options: FindOptions) {
        (["user_id": .objectId(owner.objectId), "next_practice_date": ["$lte": .datetime(BSONDateTime(now))],
          "status": ["$nin": ["MASTERED", "mastered", "Mastered"]]],
         FindOptions(sort: ["next_practice_date": 1], limit: limit))
    }

    /// The learner's mistakes due for practice at `now`, the longest-waiting first.
    public func due(owner: UserID, now: Date, limit: Int) async throws -> [Mistake] {
        let (filter, options) = Self.dueQuery(owner: owner, now: now, limit: limit)
        return try await mistakes.find(filter, options: options).compactMap(Mistake.init(document:))
    }

    /// Records the mistakes in a feedback (CONTRACT B§5.6): a mistake the learner already has
    /// (same type and original text, not mastered) counts one more occurrence; others are new.
    /// Idempotent per feedback: recording the same feedback again changes nothing.
    /// - Returns: the mistakes as stored afterwards.
    @discardableResult
    public func record(from feedback: Feedback, now: Date = Date()) async throws -> [Mistake] {
        guard let detailed = feedback.detailed else { return [] }
        var recorded: [Mistake] = []
        for candidate in MistakeExtractor.candidates(from: detailed, transcription: feedback.transcription) {
            let key: Document = [
                "user_id": .objectId(feedback.userID.objectId), "type": .string(candidate.kind.rawValue),
                "original_text": .string(candidate.originalText), "status": ["$ne": "MASTERED"],
            ]
            if let existing = try await mistakes.findOne(key), let id = existing["_id"] {
                // One more occurrence, unless this feedback was already counted (a retried job).
                let counted = try await mistakes.findOneAndUpdate(
                    ["_id": id, "source_feedback_ids": ["$nin": [.string(feedback.id.objectId.hex), .objectId(feedback.id.objectId)]]],
                    ["$inc": ["frequency": 1], "$set": ["last_occurred": .datetime(BSONDateTime(now))],
                     "$push": ["source_feedback_ids": .string(feedback.id.objectId.hex)]],
                    options: FindOneAndUpdateOptions(returnDocument: .after))
                if let stored = Mistake(document: counted ?? existing) { recorded.append(stored) }
            } else {
                let mistake = Mistake(
                    userID: feedback.userID, kind: candidate.kind, originalText: candidate.originalText, correction: candidate.correction,
                    explanation: candidate.explanation, exampleUsage: candidate.exampleUsage, severity: candidate.severity,
                    context: candidate.context, createdAt: now, sourceFeedbackIDs: [feedback.id])
                try await mistakes.insertOne(mistake.document)
                recorded.append(mistake)
            }
        }
        return recorded
    }

    /// Stores a mistake the learner entered by hand.
    public func insert(_ mistake: Mistake) async throws {
        try await mistakes.insertOne(mistake.document)
    }

    /// The learner's mistake with this id; `nil` when it is missing or someone else's.
    public func find(id: MistakeID, owner: UserID) async throws -> Mistake? {
        try await mistakes.findOne(["_id": .objectId(id.objectId), "user_id": .objectId(owner.objectId)]).flatMap(Mistake.init(document:))
    }

    /// Filtered, newest first.
    public func list(owner: UserID, kind: Mistake.Kind? = nil, inDrillQueue: Bool? = nil, isLearned: Bool? = nil, limit: Int, skip: Int) async throws -> [Mistake] {
        var filter: Document = ["user_id": .objectId(owner.objectId)]
        if let kind { filter["type"] = .string(kind.rawValue) }
        if let inDrillQueue { filter["in_drill_queue"] = .bool(inDrillQueue) }
        if let isLearned { filter["is_learned"] = .bool(isLearned) }
        return try await mistakes.find(filter, options: FindOptions(sort: ["created_at": -1, "_id": -1], skip: skip, limit: limit)).compactMap(Mistake.init(document:))
    }

    /// Every mistake of the learner (for statistics and sessions).
    public func all(owner: UserID) async throws -> [Mistake] {
        try await mistakes.find(["user_id": .objectId(owner.objectId)]).compactMap(Mistake.init(document:))
    }

    /// Replaces the stored mistake with this one (same id and owner).
    /// - Returns: whether it was there to replace.
    @discardableResult
    public func save(_ mistake: Mistake) async throws -> Bool {
        let result = try await mistakes.replaceOne(["_id": .objectId(mistake.id.objectId), "user_id": .objectId(mistake.userID.objectId)], mistake.document)
        return result.matchedCount == 1
    }

    /// - Returns: whether the learner had it.
    public func delete(id: MistakeID, owner: UserID) async throws -> Bool {
        try await mistakes.deleteOne(["_id": .objectId(id.objectId), "user_id": .objectId(owner.objectId)]) == 1
    }

    /// Starts a practice session over mistakes the learner owns.
    public func startSession(owner: UserID, mistakes ids: [MistakeID], now: Date = Date()) async throws -> PracticeSession {
        let session = PracticeSession(id: .generate(), userID: owner, mistakeIDs: ids, startedAt: now)
        try await sessions.insertOne(session.document)
        return session
    }
}
