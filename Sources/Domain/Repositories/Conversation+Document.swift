import BSON
import Foundation

extension Conversation {
    /// The original's `conversations` document: `_id, user_id, user_role, ai_role, situation,
    /// started_at, ended_at, voice_type`.
    var document: Document {
        var d: Document = [
            "_id": .objectId(id.objectId), "user_id": .objectId(userID.objectId), "user_role": .string(userRole),
            "ai_role": .string(aiRole), "situation": .string(situation), "started_at": .datetime(BSONDateTime(startedAt)),
            "ended_at": endedAt.map { .datetime(BSONDateTime($0)) } ?? .null,
        ]
        if let voiceType { d["voice_type"] = .string(voiceType) }
        return d
    }

    init(document d: Document) throws {
        guard let id = d["_id"]?.objectIdValue, let user = d["user_id"]?.objectIdValue else {
            throw DomainError.corruptDocument(collection: "conversations", id: d["_id"])
        }
        self.init(
            id: ConversationID(id), userID: UserID(user), userRole: d["user_role"]?.stringValue ?? "",
            aiRole: d["ai_role"]?.stringValue ?? "", situation: d["situation"]?.stringValue ?? "",
            startedAt: d["started_at"]?.datetimeValue?.date ?? id.creationDate, endedAt: d["ended_at"]?.datetimeValue?.date,
            voiceType: d["voice_type"]?.stringValue)
    }
}

extension Message {
    /// The original's `messages` document: `_id, conversation_id, sender, content, audio_path,
    /// transcription, feedback_id, timestamp`.
    var document: Document {
        [
            "_id": .objectId(id.objectId), "conversation_id": .objectId(conversationID.objectId), "sender": .string(sender.rawValue),
            "content": .string(content), "audio_path": audioPath.map { .string($0) } ?? .null,
            "transcription": transcription.map { .string($0) } ?? .null, "feedback_id": feedbackID.map { .string($0) } ?? .null,
            "timestamp": .datetime(BSONDateTime(timestamp)),
        ]
    }

    init(document d: Document) throws {
        guard let id = d["_id"]?.objectIdValue, let conversation = d["conversation_id"]?.objectIdValue else {
            throw DomainError.corruptDocument(collection: "messages", id: d["_id"])
        }
        self.init(
            id: MessageID(id), conversationID: ConversationID(conversation),
            sender: Self.isUser(d["sender"]?.stringValue) ? .user : .ai, content: d["content"]?.stringValue ?? "",
            audioPath: d["audio_path"]?.stringValue, transcription: d["transcription"]?.stringValue,
            feedbackID: d["feedback_id"]?.stringValue ?? d["feedback_id"]?.objectIdValue?.hex,
            timestamp: d["timestamp"]?.datetimeValue?.date ?? id.creationDate)
    }

    /// Whether a stored sender names the learner, in any case (`user`, `User`), without making
    /// a lowercased copy for every message read.
    static func isUser(_ sender: String?) -> Bool {
        guard let sender, sender.utf8.count == 4 else { return false }
        return zip(sender.utf8, "user".utf8).allSatisfy { $0 | 0x20 == $1 }
    }
}
