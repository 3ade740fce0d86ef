import BSON
import DocumentStore
import Foundation

/// The `feedback` collection (`_id, target_id, target_type, user_feedback, user_id,
/// transcription, timestamp, detailed_feedback`) and the link from the message to it.
public struct FeedbackRepository: Sendable {
    private let feedback: any DocumentCollection
    private let messages: any DocumentCollection

    public init(store: any DocumentStore) {
        feedback = store.collection("feedback")
        messages = store.collection("messages")
    }

    /// The index of a learner's feedback history, newest first, and the one that finds a
    /// message's feedback.
    public func prepare() async throws {
        try await feedback.createIndex(IndexModel(keys: ["user_id": 1, "timestamp": -1, "_id": -1]))
        try await feedback.createIndex(IndexModel(keys: ["target_id": 1, "timestamp": -1]))
    }

    /// The filter and options of a learner's feedback history, newest first.
    public static func historyQuery(owner: UserID, targetType: String?, limit: Int, skip: Int) -> (filter: Document, options: FindOptions) {
        var filter: Document = ["user_id": .objectId(owner.objectId)]
        if let targetType { filter["target_type"] = .string(targetType) }
        return (filter, FindOptions(sort: ["timestamp": -1, "_id": -1], skip: skip, limit: limit))
    }

    /// Stores the feedback, then links the message to it (`feedback_id` as a string, as the
    /// original did). Storing twice for one message keeps the first (a retried job is harmless).
    /// With `replacingLink`, the message is linked to this feedback even if it had one.
    /// - Returns: the feedback now linked to the message.
    @discardableResult
    public func store(_ item: Feedback, replacingLink: Bool = false) async throws -> Feedback {
        if !replacingLink, let existing = try await linked(to: item.messageID) { return existing }
        try await insertUnlinked(item)
        try await link(item)
        return item
    }

    /// Stores the feedback without linking the message to it yet (the message shows no feedback
    /// until `link`): what must be in place before the learner sees it (its mistakes) goes
    /// between the two.
    public func insertUnlinked(_ item: Feedback) async throws {
        var document: Document = [
            "_id": .objectId(item.id.objectId), "target_id": .objectId(item.messageID.objectId), "target_type": "message",
            "user_feedback": .string(item.text), "user_id": .objectId(item.userID.objectId), "transcription": .string(item.transcription),
            "timestamp": .datetime(BSONDateTime(item.timestamp)),
        ]
        if let detailed = item.detailed { document["detailed_feedback"] = .document(Self.document(detailed)) }
        try await feedback.insertOne(document)
    }

    /// Links the message to the feedback (`feedback_id` as a string, as the original did): from
    /// here on it is the message's feedback.
    public func link(_ item: Feedback) async throws {
        try await messages.updateOne(["_id": .objectId(item.messageID.objectId)], ["$set": ["feedback_id": .string(item.id.hex)]])
    }

    /// The newest feedback stored for a message that the message does not link to (an attempt
    /// that stopped before linking it), if any.
    public func unlinked(for message: MessageID) async throws -> Feedback? {
        let newest = try await feedback.find(
            ["target_id": .objectId(message.objectId), "target_type": "message"], options: FindOptions(sort: ["timestamp": -1], limit: 1))
        return newest.first.flatMap(Self.feedback(from:))
    }

    /// The feedback the message links to, if any.
    public func linked(to message: MessageID) async throws -> Feedback? {
        guard let link = try await messages.findOne(["_id": .objectId(message.objectId)])?["feedback_id"]?.stringValue else { return nil }
        return try await find(id: link)
    }

    /// A learner's feedback, newest first, optionally of one target type.
    public func history(owner: UserID, targetType: String?, limit: Int, skip: Int) async throws -> [Feedback] {
        let (filter, options) = Self.historyQuery(owner: owner, targetType: targetType, limit: limit, skip: skip)
        return try await feedback.find(filter, options: options).compactMap(Self.feedback(from:))
    }

    /// The feedback with this id (given as the string a message holds).
    public func find(id: String) async throws -> Feedback? {
        guard let objectId = try? ObjectId(id) else { return nil }
        return try await feedback.findOne(["_id": .objectId(objectId)]).flatMap(Self.feedback(from:))
    }

    static func feedback(from d: Document) -> Feedback? {
        guard let objectId = d["_id"]?.objectIdValue, let target = d["target_id"]?.objectIdValue else { return nil }
        return Feedback(
            id: FeedbackID(objectId), messageID: MessageID(target), userID: UserID(d["user_id"]?.objectIdValue ?? objectId),
            text: d["user_feedback"]?.stringValue ?? "", detailed: d["detailed_feedback"]?.documentValue.map(Self.detailed),
            transcription: d["transcription"]?.stringValue ?? "",
            timestamp: d["timestamp"]?.datetimeValue?.date ?? d["created_at"]?.datetimeValue?.date ?? objectId.creationDate)
    }
}
