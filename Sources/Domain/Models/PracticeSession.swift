import BSON
import Foundation

/// A practice session over chosen mistakes (`practice_sessions`, CONTRACT B§4.7).
public struct PracticeSession: Sendable, Equatable {
    public var id: TypedID<PracticeSession>
    public var userID: UserID
    public var mistakeIDs: [MistakeID]
    public var startedAt: Date

    var document: Document {
        [
            "_id": .objectId(id.objectId), "user_id": .objectId(userID.objectId), "started_at": .datetime(BSONDateTime(startedAt)),
            "completed_at": .null, "mistakes_practiced": [], "created_at": .datetime(BSONDateTime(startedAt)),
            "mistake_ids": .array(mistakeIDs.map { .objectId($0.objectId) }),
        ]
    }
}
