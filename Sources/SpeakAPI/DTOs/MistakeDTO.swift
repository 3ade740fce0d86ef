import Domain
import Foundation
import Hummingbird

/// A mistake on the wire: the stored fields (CONTRACT B§4.6) with `id`, ids as hex strings and
/// dates as naive ISO strings; fields the mistake does not have yet are null.
struct MistakeDTO: ResponseEncodableDTO {
    var id: String
    var userID: String
    var type: String
    var originalText: String
    var correction: String
    var explanation: String
    var exampleUsage: String?
    var severity: Int?
    var context: String
    var situationContext: String? = nil
    var createdAt: String
    var lastOccurred: String
    var frequency: Int
    var lastPracticed: String?
    var practiceCount: Int
    var successCount: Int
    var nextPracticeDate: String
    var inDrillQueue: Bool
    var isLearned: Bool
    var masteryLevel: Double
    var status: String
    var lastAnswer: String?
    var easeFactor: Double?
    var successfulPractices: Int?
    var failedPractices: Int?
    var lastReviewDate: String?
    var updatedAt: String?
    /// Only on `GET /api/mistakes/practice`.
    var practicePrompt: String?
    /// Only after `POST /api/mistakes/practice/{id}`.
    var feedback: String?

    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", type, originalText = "original_text", correction, explanation, exampleUsage = "example_usage"
        case severity, context, situationContext = "situation_context", createdAt = "created_at", lastOccurred = "last_occurred"
        case frequency, lastPracticed = "last_practiced", practiceCount = "practice_count", successCount = "success_count"
        case nextPracticeDate = "next_practice_date", inDrillQueue = "in_drill_queue", isLearned = "is_learned"
        case masteryLevel = "mastery_level", status, lastAnswer = "last_answer", easeFactor = "ease_factor"
        case successfulPractices = "successful_practices", failedPractices = "failed_practices", lastReviewDate = "last_review_date"
        case updatedAt = "updated_at", practicePrompt = "practice_prompt", feedback
    }

    init(_ m: Mistake, practicePrompt: String? = nil, feedback: String? = nil) {
        id = m.id.hex
        userID = m.userID.hex
        type = m.kind.rawValue
        originalText = m.originalText
        correction = m.correction
        explanation = m.explanation
        exampleUsage = m.exampleUsage
        severity = m.severity
        context = m.context
        createdAt = NaiveISODate.string(m.createdAt)
        lastOccurred = NaiveISODate.string(m.lastOccurred)
        frequency = m.frequency
        lastPracticed = m.lastPracticed.map(NaiveISODate.string)
        practiceCount = m.practiceCount
        successCount = m.successCount
        nextPracticeDate = NaiveISODate.string(m.nextPracticeDate)
        inDrillQueue = m.inDrillQueue
        isLearned = m.isLearned
        masteryLevel = m.masteryLevel
        status = m.status.rawValue
        lastAnswer = m.lastAnswer
        easeFactor = m.easeFactor
        successfulPractices = m.successfulPractices
        failedPractices = m.failedPractices
        lastReviewDate = m.lastReviewDate.map(NaiveISODate.string)
        updatedAt = m.updatedAt.map(NaiveISODate.string)
        self.practicePrompt = practicePrompt
        self.feedback = feedback
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(userID, forKey: .userID)
        try c.encode(type, forKey: .type)
        try c.encode(originalText, forKey: .originalText)
        try c.encode(correction, forKey: .correction)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(exampleUsage, forKey: .exampleUsage)
        try c.encode(severity, forKey: .severity)
        try c.encode(context, forKey: .context)
        try c.encode(situationContext, forKey: .situationContext)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(lastOccurred, forKey: .lastOccurred)
        try c.encode(frequency, forKey: .frequency)
        try c.encode(lastPracticed, forKey: .lastPracticed)
        try c.encode(practiceCount, forKey: .practiceCount)
        try c.encode(successCount, forKey: .successCount)
        try c.encode(nextPracticeDate, forKey: .nextPracticeDate)
        try c.encode(inDrillQueue, forKey: .inDrillQueue)
        try c.encode(isLearned, forKey: .isLearned)
        try c.encode(masteryLevel, forKey: .masteryLevel)
        try c.encode(status, forKey: .status)
        try c.encode(lastAnswer, forKey: .lastAnswer)
        try c.encode(easeFactor, forKey: .easeFactor)
        try c.encode(successfulPractices, forKey: .successfulPractices)
        try c.encode(failedPractices, forKey: .failedPractices)
        try c.encode(lastReviewDate, forKey: .lastReviewDate)
        try c.encode(updatedAt, forKey: .updatedAt)
        if let practicePrompt { try c.encode(practicePrompt, forKey: .practicePrompt) }
        if let feedback { try c.encode(feedback, forKey: .feedback) }
    }
}

/// `GET /api/mistakes/statistics`.
struct MistakeStatisticsDTO: ResponseEncodableDTO {
    struct Types: Encodable, Sendable {
        var grammar: Int
        var vocabulary: Int
        enum CodingKeys: String, CodingKey { case grammar = "GRAMMAR", vocabulary = "VOCABULARY" }
    }

    var totalCount: Int
    var masteredCount: Int
    var learningCount: Int
    var newCount: Int
    var typeDistribution: Types
    var dueForPractice: Int
    var masteryPercentage: Double

    enum CodingKeys: String, CodingKey {
        case totalCount = "total_count", masteredCount = "mastered_count", learningCount = "learning_count", newCount = "new_count"
        case typeDistribution = "type_distribution", dueForPractice = "due_for_practice", masteryPercentage = "mastery_percentage"
    }

    init(_ s: MistakeStatistics) {
        totalCount = s.total
        masteredCount = s.mastered
        learningCount = s.learning
        newCount = s.new
        typeDistribution = Types(grammar: s.grammar, vocabulary: s.vocabulary)
        dueForPractice = s.dueForPractice
        masteryPercentage = (s.masteryPercentage * 10).rounded() / 10
    }
}

/// `GET /api/mistakes/drill-session`.
struct DrillSessionDTO: ResponseEncodableDTO {
    var mistakes: [MistakeDTO]
    var sessionID: String
    var createdAt: String
    var expiresAt: String

    enum CodingKeys: String, CodingKey {
        case mistakes, sessionID = "session_id", createdAt = "created_at", expiresAt = "expires_at"
    }
}

/// `POST /api/mistakes/sessions`.
struct PracticeSessionDTO: ResponseEncodableDTO {
    var id: String
    var userID: String
    var startedAt: String
    var completedAt: String? = nil
    var mistakesPracticed: [String] = []
    var createdAt: String
    var mistakeIDs: [String]

    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", startedAt = "started_at", completedAt = "completed_at", mistakesPracticed = "mistakes_practiced"
        case createdAt = "created_at", mistakeIDs = "mistake_ids"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(userID, forKey: .userID)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(completedAt, forKey: .completedAt)
        try c.encode(mistakesPracticed, forKey: .mistakesPracticed)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(mistakeIDs, forKey: .mistakeIDs)
    }
}
