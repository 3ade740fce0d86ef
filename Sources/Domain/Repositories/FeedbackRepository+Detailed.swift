import BSON

/// `detailed_feedback` as the original service stores it: `{grammar_issues: [{issue, correction,
/// explanation, severity}], vocabulary_issues: [{original, better_alternative, reason,
/// example_usage}], positives: [str], fluency: [str]}` — the only place these keys are spelled.
extension FeedbackRepository {
    static func document(_ detailed: DetailedFeedback) -> Document {
        [
            "grammar_issues": .array(detailed.grammarIssues.map {
                ["issue": .string($0.issue), "correction": .string($0.correction), "explanation": .string($0.explanation), "severity": .int32(Int32(clamping: $0.severity))]
            }),
            "vocabulary_issues": .array(detailed.vocabularyIssues.map {
                ["original": .string($0.original), "better_alternative": .string($0.betterAlternative), "reason": .string($0.reason), "example_usage": .string($0.exampleUsage)]
            }),
            "positives": .array(detailed.positives.map(BSONValue.string)), "fluency": .array(detailed.fluency.map(BSONValue.string)),
        ]
    }

    /// Read leniently, as others may have written it: a missing text is empty, a severity of any
    /// number type is rounded (3 when missing or unusable), items that are not documents skipped.
    static func detailed(_ d: Document) -> DetailedFeedback {
        func list(_ key: String) -> [Document] { d[key]?.arrayValue?.compactMap(\.documentValue) ?? [] }
        func text(_ item: Document, _ key: String) -> String { item[key]?.stringValue ?? "" }
        return DetailedFeedback(
            grammarIssues: list("grammar_issues").map {
                let severity = $0["severity"]?.numberValue.flatMap { $0.isFinite && abs($0) < 1e9 ? Int(exactly: $0.rounded()) : nil } ?? 3
                return DetailedFeedback.GrammarIssue(issue: text($0, "issue"), correction: text($0, "correction"), explanation: text($0, "explanation"), severity: severity)
            },
            vocabularyIssues: list("vocabulary_issues").map {
                DetailedFeedback.VocabularyIssue(
                    original: text($0, "original"), betterAlternative: text($0, "better_alternative"), reason: text($0, "reason"), exampleUsage: text($0, "example_usage"))
            },
            positives: d["positives"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            fluency: d["fluency"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
