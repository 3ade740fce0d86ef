import BSON
import Foundation

/// A teacher's feedback on one thing the learner said.
public struct Feedback: Sendable, Equatable {
    /// What the learner sees when feedback could not be written at all (the original's words).
    public static let fallbackText = "Thank you for your response. I had trouble analyzing it in detail, but please continue practicing."

    public var id: FeedbackID
    /// The user message the feedback is about.
    public var messageID: MessageID
    public var userID: UserID
    /// The feedback text shown to the learner.
    public var text: String
    /// What was wrong and what went well (none for the fallback text).
    public var detailed: DetailedFeedback?
    public var transcription: String
    public var timestamp: Date

    public init(
        id: FeedbackID = .generate(), messageID: MessageID, userID: UserID, text: String, detailed: DetailedFeedback?, transcription: String,
        timestamp: Date
    ) {
        self.id = id
        self.messageID = messageID
        self.userID = userID
        self.text = text
        self.detailed = detailed
        self.transcription = transcription
        self.timestamp = timestamp
    }
}

/// A feedback's id.
public typealias FeedbackID = TypedID<Feedback>
