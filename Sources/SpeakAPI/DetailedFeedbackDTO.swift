import BSON
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

    init(_ d: Document) {
        func list(_ key: String) -> [Document] { d[key]?.arrayValue?.compactMap(\.documentValue) ?? [] }
        func text(_ item: Document, _ key: String) -> String { item[key]?.stringValue ?? "" }
        grammarIssues = list("grammar_issues").map {
            Grammar(issue: text($0, "issue"), correction: text($0, "correction"), explanation: text($0, "explanation"), severity: MistakeExtractor.severity(of: $0))
        }
        vocabularyIssues = list("vocabulary_issues").map {
            Vocabulary(original: text($0, "original"), betterAlternative: text($0, "better_alternative"), reason: text($0, "reason"), exampleUsage: text($0, "example_usage"))
        }
        positives = d["positives"]?.arrayValue?.compactMap(\.stringValue) ?? []
        fluency = d["fluency"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
