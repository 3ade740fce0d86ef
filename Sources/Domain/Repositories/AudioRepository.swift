import BSON
import DocumentStore
import Foundation

/// The `audio` collection, in the original's document shape: `_id, user_id, url, filename,
/// file_path, duration_seconds, transcription, language, created_at, pronunciation_score,
/// pronunciation_feedback, language_feedback, has_error`.
public struct AudioRepository: Sendable {
    private let audio: any DocumentCollection

    public init(store: any DocumentStore) {
        audio = store.collection("audio")
    }

    public func insert(_ clip: AudioClip) async throws {
        try await audio.insertOne([
            "_id": .objectId(clip.id.objectId), "user_id": .objectId(clip.userID.objectId), "url": nil,
            "filename": .string(clip.filename), "file_path": .string(clip.filePath),
            "duration_seconds": clip.durationSeconds.map { .double($0) } ?? .null, "transcription": .string(clip.transcription),
            "language": .string(clip.language), "created_at": .datetime(BSONDateTime(clip.createdAt)),
            "pronunciation_score": nil, "pronunciation_feedback": nil, "language_feedback": nil, "has_error": false,
        ])
    }

    /// The clip, only when it belongs to this user.
    public func find(id: AudioID, owner: UserID) async throws -> AudioClip? {
        guard let d = try await audio.findOne(["_id": .objectId(id.objectId), "user_id": .objectId(owner.objectId)]) else { return nil }
        return AudioClip(
            id: id, userID: owner, filename: d["filename"]?.stringValue ?? "", filePath: d["file_path"]?.stringValue ?? "",
            durationSeconds: d["duration_seconds"]?.numericDouble, transcription: d["transcription"]?.stringValue ?? "",
            language: d["language"]?.stringValue ?? "en-US", createdAt: d["created_at"]?.datetimeValue?.date ?? id.objectId.creationDate)
    }
}
