import BSON
import Domain
import Hummingbird

/// A message as the client reads it (CONTRACT B§8 message shape). Written directly
/// (`JSONWritable`): a conversation's page carries many of them, so ids and dates go from the
/// message straight into the body's bytes, with no strings made for them on the way.
struct MessageDTO: ResponseEncodableDTO, JSONWritable {
    let message: Message

    enum CodingKeys: String, CodingKey {
        case id, conversationID = "conversation_id", sender, content, timestamp, audioPath = "audio_path", transcription
        case feedbackID = "feedback_id"
    }

    init(_ message: Message) {
        self.message = message
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(message.id.hex, forKey: .id)
        try c.encode(message.conversationID.hex, forKey: .conversationID)
        try c.encode(message.sender.rawValue, forKey: .sender)
        try c.encode(message.content, forKey: .content)
        try c.encode(NaiveISODate.string(message.timestamp), forKey: .timestamp)
        try c.encodeIfPresent(message.audioPath, forKey: .audioPath)
        try c.encodeIfPresent(message.transcription, forKey: .transcription)
        try c.encodeIfPresent(message.feedbackID, forKey: .feedbackID)
    }

    func writeJSON(to json: inout JSONWriter) {
        json.object { json in
            json.member("id", hexOf: message.id.objectId)
            json.member("conversation_id", hexOf: message.conversationID.objectId)
            json.member("sender", message.sender.rawValue)
            json.member("content", message.content)
            json.member("timestamp", capacity: NaiveISODate.capacity) { NaiveISODate.write(message.timestamp, into: $0) }
            json.member("audio_path", message.audioPath)
            json.member("transcription", message.transcription)
            json.member("feedback_id", message.feedbackID)
        }
    }
}

/// A conversation as the client reads it; `messages` only where they belong. Written directly
/// (`JSONWritable`), like its messages.
struct ConversationDTO: ResponseEncodableDTO, JSONWritable {
    let conversation: Conversation
    let messages: [Message]?

    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", userRole = "user_role", aiRole = "ai_role", situation, startedAt = "started_at"
        case endedAt = "ended_at", messages
    }

    init(_ conversation: Conversation, messages: [Message]? = nil) {
        self.conversation = conversation
        self.messages = messages
    }

    /// Encodes `messages` only when present (the create answer has none).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(conversation.id.hex, forKey: .id)
        try c.encode(conversation.userID.hex, forKey: .userID)
        try c.encode(conversation.userRole, forKey: .userRole)
        try c.encode(conversation.aiRole, forKey: .aiRole)
        try c.encode(conversation.situation, forKey: .situation)
        try c.encode(NaiveISODate.string(conversation.startedAt), forKey: .startedAt)
        try c.encodeIfPresent(conversation.endedAt.map(NaiveISODate.string), forKey: .endedAt)
        if let messages { try c.encode(messages.map(MessageDTO.init), forKey: .messages) }
    }

    func writeJSON(to json: inout JSONWriter) {
        json.object { json in
            json.member("id", hexOf: conversation.id.objectId)
            json.member("user_id", hexOf: conversation.userID.objectId)
            json.member("user_role", conversation.userRole)
            json.member("ai_role", conversation.aiRole)
            json.member("situation", conversation.situation)
            json.member("started_at", capacity: NaiveISODate.capacity) { NaiveISODate.write(conversation.startedAt, into: $0) }
            if let endedAt = conversation.endedAt {
                json.member("ended_at", capacity: NaiveISODate.capacity) { NaiveISODate.write(endedAt, into: $0) }
            } else {
                json.member("ended_at", nil as String?)
            }
            if let messages {
                json.member("messages") { json in
                    for message in messages { json.element(MessageDTO(message)) }
                }
            }
        }
    }
}

/// `POST /api/conversations`'s answer.
struct CreatedConversationDTO: ResponseEncodableDTO {
    var conversation: ConversationDTO
    var initialMessage: MessageDTO

    enum CodingKeys: String, CodingKey {
        case conversation, initialMessage = "initial_message"
    }
}

/// `GET /api/conversations`'s answer.
struct ConversationPageDTO: ResponseEncodableDTO {
    var conversations: [ConversationDTO]
    var total: Int
    var page: Int
    var limit: Int
}
