import BSON
import Foundation

/// A language mistake a learner made, kept for drilling with spaced repetition (CONTRACT B§4.6).
public struct Mistake: Sendable, Equatable {
    /// Stored upper case, as the original service wrote it.
    public enum Kind: String, Sendable, CaseIterable {
        case grammar = "GRAMMAR"
        case vocabulary = "VOCABULARY"
    }

    /// How far the learner has come with it.
    public enum Status: String, Sendable, CaseIterable {
        case new = "NEW"
        case learning = "LEARNING"
        case mastered = "MASTERED"
    }

    public var id: MistakeID
    public var userID: UserID
    public var kind: Kind
    /// What the learner said.
    public var originalText: String
    public var correction: String
    public var explanation: String
    /// Vocabulary mistakes: the better word used in a sentence.
    public var exampleUsage: String?
    /// Grammar mistakes: 1–5.
    public var severity: Int?
    /// ±50 characters of the transcription around the error, the error in `[ ]`.
    public var context: String
    public var createdAt: Date
    public var lastOccurred: Date
    /// How often the learner made it.
    public var frequency: Int
    public var lastPracticed: Date?
    public var practiceCount: Int
    public var successCount: Int
    public var nextPracticeDate: Date
    public var inDrillQueue: Bool
    public var isLearned: Bool
    /// 0–100.
    public var masteryLevel: Double
    public var status: Status
    public var lastAnswer: String?
    /// Drill sessions' SM-2 state (absent until the first drill result).
    public var easeFactor: Double?
    public var successfulPractices: Int?
    public var failedPractices: Int?
    public var lastReviewDate: Date?
    public var updatedAt: Date?
    /// The feedback documents it was extracted from (our addition: it makes extraction
    /// idempotent, so a retried job never counts an occurrence twice).
    public var sourceFeedbackIDs: [FeedbackID]

    public init(
        id: MistakeID = .generate(), userID: UserID, kind: Kind, originalText: String, correction: String, explanation: String,
        exampleUsage: String? = nil, severity: Int? = nil, context: String, createdAt: Date, sourceFeedbackIDs: [FeedbackID] = []
    ) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.originalText = originalText
        self.correction = correction
        self.explanation = explanation
        self.exampleUsage = exampleUsage
        self.severity = severity
        self.context = context
        self.createdAt = createdAt
        self.lastOccurred = createdAt
        self.frequency = 1
        self.practiceCount = 0
        self.successCount = 0
        self.nextPracticeDate = createdAt.addingTimeInterval(2 * 3600)
        self.inDrillQueue = true
        self.isLearned = false
        self.masteryLevel = 0
        self.status = .new
        self.sourceFeedbackIDs = sourceFeedbackIDs
    }
}

/// A mistake's id.
public typealias MistakeID = TypedID<Mistake>
