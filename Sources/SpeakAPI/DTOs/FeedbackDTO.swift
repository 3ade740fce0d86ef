import BSON
import Domain
import Foundation
import Hummingbird

/// FeedbackResponse of `/api/feedback/*` (CONTRACT B§3.4, last version), with `id`, the
/// transcription, and the detailed feedback including grammar severities.
struct FeedbackDTO: ResponseEncodableDTO {
    struct Grammar: Encodable, Sendable {
        var issue: String
        var correction: String
        var explanation: String
        var severity: Int
    }

    struct Detailed: Encodable, Sendable {
        var grammarIssues: [Grammar]
        var vocabularyIssues: [DetailedFeedbackDTO.Vocabulary]

        enum CodingKeys: String, CodingKey {
            case grammarIssues = "grammar_issues", vocabularyIssues = "vocabulary_issues"
        }
    }

    var id: String
    var targetID: String
    var targetType: String
    var userFeedback: String
    var detailedFeedback: Detailed
    var transcription: String
    var timestamp: String

    enum CodingKeys: String, CodingKey {
        case id, targetID = "target_id", targetType = "target_type", userFeedback = "user_feedback"
        case detailedFeedback = "detailed_feedback", transcription, timestamp
    }

    init(_ item: Feedback) {
        id = item.id.hex
        targetID = item.messageID.hex
        targetType = "message"
        userFeedback = item.text
        transcription = item.transcription
        timestamp = NaiveISODate.string(item.timestamp)
        let loose = item.detailed.map(DetailedFeedbackDTO.init)
        let grammar = (loose?.grammarIssues ?? []).map { Grammar(issue: $0.issue, correction: $0.correction, explanation: $0.explanation, severity: $0.severity) }
        detailedFeedback = Detailed(grammarIssues: grammar, vocabularyIssues: loose?.vocabularyIssues ?? [])
    }
}
