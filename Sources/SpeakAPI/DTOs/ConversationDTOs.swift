import BSON
import Domain
import Hummingbird

/// A message as the client reads it (CONTRACT B§8 message shape). Written directly
/// (`JSONWritable`): a conversation's page carries many of them.
struct MessageDTO: ResponseEncodableDTO, JSONWritable {
    var id: String
    var conversationID: String
    var sender: String
    var content: String
    var timestamp: String
    var audioPath: String?
    var transcription: String?
    var feedbackID: String?

    enum CodingKeys: String, CodingKey {
        case id, conversationID = "conversation_id", sender, content, timestamp, audioPath = "audio_path", transcription
        case feedbackID = "feedback_id"
    }

    init(_ message: Message) {
        id = message.id.hex
        conversationID = message.conversationID.hex
        sender = message.sender.rawValue
        content = message.content
        timestamp = NaiveISODate.string(message.timestamp)
        audioPath = message.audioPath
        transcription = message.transcription
        feedbackID = message.feedbackID
    }

    func writeJSON(to json: inout JSONWriter) {
        json.object { json in
            json.member("id", id)
            json.member("conversation_id", conversationID)
            json.member("sender", sender)
            json.member("content", content)
            json.member("timestamp", timestamp)
            json.member("audio_path", audioPath)
            json.member("transcription", transcription)
            json.member("feedback_id", feedbackID)
        }
    }
}

/// A conversation as the client reads it; `messages` only where they belong. Written directly
/// (`JSONWritable`), like its messages.
struct ConversationDTO: ResponseEncodableDTO, JSONWritable {
    var id: String
    var userID: String
    var userRole: String
    var aiRole: String
    var situation: String
    var startedAt: String
    var endedAt: String?
    var messages: [MessageDTO]?

    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", userRole = "user_role", aiRole = "ai_role", situation, startedAt = "started_at"
        case endedAt = "ended_at", messages
    }

    init(_ conversation: Conversation, messages: [Message]? = nil) {
        id = conversation.id.hex
        userID = conversation.userID.hex
        userRole = conversation.userRole
        aiRole = conversation.aiRole
        situation = conversation.situation
        startedAt = NaiveISODate.string(conversation.startedAt)
        endedAt = conversation.endedAt.map(NaiveISODate.string)
        self.messages = messages?.map(MessageDTO.init)
    }

    /// Encodes `messages` only when present (the create answer has none).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(userID, forKey: .userID)
        try c.encode(userRole, forKey: .userRole)
        try c.encode(aiRole, forKey: .aiRole)
        try c.encode(situation, forKey: .situation)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encodeIfPresent(endedAt, forKey: .endedAt)
        if let messages { try c.encode(messages, forKey: .messages) }
    }

    func writeJSON(to json: inout JSONWriter) {
        json.object { json in
            json.member("id", id)
            json.member("user_id", userID)
            json.member("user_role", userRole)
            json.member("ai_role", aiRole)
            json.member("situation", situation)
            json.member("started_at", startedAt)
            json.member("ended_at", endedAt)
            if let messages { json.member("messages", messages) }
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
