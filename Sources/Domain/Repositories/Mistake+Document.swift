import BSON
import Foundation

extension Mistake {
    /// The stored shape (CONTRACT B§4.6): dates as BSON dates, absent optionals as nulls where
    /// the original wrote nulls, and the SM-2 fields only once a drill has set them.
    var document: Document {
        func date(_ value: Date?) -> BSONValue { value.map { .datetime(BSONDateTime($0)) } ?? .null }
        var d: Document = [
            "_id": .objectId(id.objectId), "user_id": .objectId(userID.objectId), "type": .string(kind.rawValue),
            "original_text": .string(originalText), "correction": .string(correction), "explanation": .string(explanation),
        ]
        if let exampleUsage { d["example_usage"] = .string(exampleUsage) }
        if let severity { d["severity"] = .int32(Int32(clamping: severity)) }
        d["context"] = .string(context)
        d["situation_context"] = .null
        d["created_at"] = date(createdAt)
        d["last_occurred"] = date(lastOccurred)
        d["frequency"] = .int32(Int32(clamping: frequency))
        d["last_practiced"] = date(lastPracticed)
        d["practice_count"] = .int32(Int32(clamping: practiceCount))
        d["success_count"] = .int32(Int32(clamping: successCount))
        d["next_practice_date"] = date(nextPracticeDate)
        d["in_drill_queue"] = .bool(inDrillQueue)
        d["is_learned"] = .bool(isLearned)
        d["mastery_level"] = .double(masteryLevel)
        d["status"] = .string(status.rawValue)
        if let lastAnswer { d["last_answer"] = .string(lastAnswer) }
        if let easeFactor { d["ease_factor"] = .double(easeFactor) }
        if let successfulPractices { d["successful_practices"] = .int32(Int32(clamping: successfulPractices)) }
        if let failedPractices { d["failed_practices"] = .int32(Int32(clamping: failedPractices)) }
        if let lastReviewDate { d["last_review_date"] = date(lastReviewDate) }
        if let updatedAt { d["updated_at"] = date(updatedAt) }
        // As strings, as the original service writes them (it cannot serialise ObjectIds there).
        d["source_feedback_ids"] = .array(sourceFeedbackIDs.map { .string($0.objectId.hex) })
        return d
    }

    /// Reads a stored mistake, tolerant of the original's variations (lower-case types, numbers
    /// stored as any numeric type, missing counters); `nil` when the identity fields are missing.
    init?(document d: Document) {
        guard let id = d["_id"]?.objectIdValue, let user = d["user_id"]?.objectIdValue,
            let kind = Kind(rawValue: (d["type"]?.stringValue ?? "").uppercased())
        else { return nil }
        /// Counters are kept in a range where arithmetic on them cannot overflow.
        func int(_ key: String) -> Int? { d[key]?.integerValue.map { min(max($0, -1_000_000_000), 1_000_000_000) } }
        func double(_ key: String) -> Double? { d[key]?.numberValue }
        func date(_ key: String) -> Date? { d[key]?.datetimeValue?.date }
        let created = date("created_at") ?? id.creationDate
        self.init(
            id: MistakeID(id), userID: UserID(user), kind: kind,
            originalText: d["original_text"]?.stringValue ?? d["original_content"]?.stringValue ?? "",
            correction: d["correction"]?.stringValue ?? "", explanation: d["explanation"]?.stringValue ?? "",
            exampleUsage: d["example_usage"]?.stringValue, severity: int("severity"), context: d["context"]?.stringValue ?? "",
            createdAt: created)
        lastOccurred = date("last_occurred") ?? created
        frequency = int("frequency") ?? 1
        lastPracticed = date("last_practiced")
        practiceCount = int("practice_count") ?? 0
        successCount = int("success_count") ?? 0
        nextPracticeDate = date("next_practice_date") ?? created.addingTimeInterval(2 * 3600)
        inDrillQueue = d["in_drill_queue"]?.boolValue ?? true
        isLearned = d["is_learned"]?.boolValue ?? false
        masteryLevel = double("mastery_level") ?? 0
        status = Status(rawValue: (d["status"]?.stringValue ?? "NEW").uppercased()) ?? .new
        lastAnswer = d["last_answer"]?.stringValue
        easeFactor = double("ease_factor")
        successfulPractices = int("successful_practices")
        failedPractices = int("failed_practices")
        lastReviewDate = date("last_review_date")
        updatedAt = date("updated_at")
        if case .array(let ids)? = d["source_feedback_ids"] {
            // Strings (the original's form, and ours) or ObjectIds (what earlier versions wrote).
            sourceFeedbackIDs = ids.compactMap { id in
                if let objectId = id.objectIdValue { return FeedbackID(objectId) }
                return id.stringValue.flatMap { try? ObjectId($0) }.map(FeedbackID.init)
            }
        }
    }
}
