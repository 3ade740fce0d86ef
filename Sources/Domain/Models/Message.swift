import Foundation

/// One line of a conversation, said by the learner (from a recording) or by the AI.
public struct Message: Sendable, Equatable {
    public enum Sender: String, Sendable {
        case user
        case ai
    }

    public var id: MessageID
    public var conversationID: ConversationID
    public var sender: Sender
    public var content: String
    /// The recording's server path (user messages).
    public var audioPath: String?
    public var transcription: String?
    /// The feedback's id as a string (the original stored it so), once feedback exists.
    public var feedbackID: String?
    public var timestamp: Date

    public init(
        id: MessageID = .generate(), conversationID: ConversationID, sender: Sender, content: String,
        audioPath: String? = nil, transcription: String? = nil, feedbackID: String? = nil, timestamp: Date
    ) {
        self.id = id
        self.conversationID = conversationID
        self.sender = sender
        self.content = content
        self.audioPath = audioPath
        self.transcription = transcription
        self.feedbackID = feedbackID
        self.timestamp = timestamp
    }
}
