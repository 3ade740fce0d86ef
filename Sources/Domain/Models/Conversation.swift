import Foundation

/// A role-play: who the learner plays, who the AI plays, and the situation.
public struct Conversation: Sendable, Equatable {
    public var id: ConversationID
    public var userID: UserID
    public var userRole: String
    public var aiRole: String
    public var situation: String
    public var startedAt: Date
    public var endedAt: Date?
    /// The Kokoro voice of the AI partner (`af_heart`, `am_echo`, …).
    public var voiceType: String?

    public init(
        id: ConversationID = .generate(), userID: UserID, userRole: String, aiRole: String, situation: String,
        startedAt: Date, endedAt: Date? = nil, voiceType: String?
    ) {
        self.id = id
        self.userID = userID
        self.userRole = userRole
        self.aiRole = aiRole
        self.situation = situation
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.voiceType = voiceType
    }
}
