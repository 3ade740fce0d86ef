import BSON

/// A message as the API answers it: ids (written from their ObjectIds, as `MessageDTO` writes
/// them) and dates as strings, absent values as null.
struct BenchMessageDTO: Encodable, JSONWritable {
    var id, conversationID: ObjectId
    var sender, content: String
    var audioPath, transcription: String?
    var feedbackID: ObjectId?
    var timestamp: String

    init(_ message: BenchMessage) {
        id = message.id
        conversationID = message.conversationId
        sender = message.sender
        content = message.content
        audioPath = message.audioPath
        transcription = message.transcription
        feedbackID = message.feedbackId
        timestamp = "2026-12-01T13:10:01.325000"
    }

    enum CodingKeys: String, CodingKey {
        case id, conversationID = "conversation_id", sender, content, audioPath = "audio_path", transcription, feedbackID = "feedback_id", timestamp
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.hex, forKey: .id)
        try c.encode(conversationID.hex, forKey: .conversationID)
        try c.encode(sender, forKey: .sender)
        try c.encode(content, forKey: .content)
        try c.encodeIfPresent(audioPath, forKey: .audioPath)
        try c.encodeIfPresent(transcription, forKey: .transcription)
        try c.encodeIfPresent(feedbackID?.hex, forKey: .feedbackID)
        try c.encode(timestamp, forKey: .timestamp)
    }

    func writeJSON(to json: inout JSONWriter) {
        json.object { json in
            json.member("id", hexOf: id)
            json.member("conversation_id", hexOf: conversationID)
            json.member("sender", sender)
            json.member("content", content)
            json.member("audio_path", audioPath)
            json.member("transcription", transcription)
            if let feedbackID { json.member("feedback_id", hexOf: feedbackID) } else { json.member("feedback_id", nil as String?) }
            json.member("timestamp", timestamp)
        }
    }
}

/// A conversation page as the API answers it.
struct BenchConversationDTO: Encodable, JSONWritable {
    var id = "6b0ec7296d82d8f82c018781", userRole = "Customer", aiRole = "Barista", situation = "Ordering coffee."
    var endedAt: String? = nil
    var messages: [BenchMessageDTO]

    enum CodingKeys: String, CodingKey { case id, userRole = "user_role", aiRole = "ai_role", situation, endedAt = "ended_at", messages }

    func writeJSON(to json: inout JSONWriter) {
        json.object { json in
            json.member("id", id)
            json.member("user_role", userRole)
            json.member("ai_role", aiRole)
            json.member("situation", situation)
            json.member("ended_at", endedAt)
            json.member("messages", messages)
        }
    }
}
