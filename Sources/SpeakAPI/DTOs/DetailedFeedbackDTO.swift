import Domain

/// The detailed feedback in the strict shape the client parses:
/// `{grammar_issues: [{issue, correction, explanation}], vocabulary_issues: [{original,
/// better_alternative, reason, example_usage}], positives: [str], fluency: [str]}`.
struct DetailedFeedbackDTO: Encodable, Sendable {
    struct Grammar: Encodable, Sendable {
        var issue: String
        var correction: String
        var explanation: String
        /// Read for `/api/feedback/*`; not part of the message-feedback shape the client parses.
        var severity: Int

        enum CodingKeys: String, CodingKey {
            case issue, correction, explanation
        }
    }

    struct Vocabulary: Encodable, Sendable {
        var original: String
        var betterAlternative: String
        var reason: String
        var exampleUsage: String

        enum CodingKeys: String, CodingKey {
            case original, betterAlternative = "better_alternative", reason, exampleUsage = "example_usage"
        }
    }

    var grammarIssues: [Grammar]
    var vocabularyIssues: [Vocabulary]
    var positives: [String]
    var fluency: [String]

    enum CodingKeys: String, CodingKey {
        case grammarIssues = "grammar_issues", vocabularyIssues = "vocabulary_issues", positives, fluency
    }

    init(_ detailed: DetailedFeedback) {
        grammarIssues = detailed.grammarIssues.map { Grammar(issue: $0.issue, correction: $0.correction, explanation: $0.explanation, severity: $0.severity) }
        vocabularyIssues = detailed.vocabularyIssues.map {
            Vocabulary(original: $0.original, betterAlternative: $0.betterAlternative, reason: $0.reason, exampleUsage: $0.exampleUsage)
        }
        positives = detailed.positives
        fluency = detailed.fluency
    }
}
