/// The detailed part of a feedback: what the learner got wrong (grammar with a severity, word
/// choice) and what went well. Stored by `FeedbackRepository`, shown by the HTTP layer's DTOs.
public struct DetailedFeedback: Sendable, Equatable {
    /// A grammar mistake and its fix.
    public struct GrammarIssue: Sendable, Equatable {
        public var issue: String
        public var correction: String
        public var explanation: String
        /// 1 (minor) to 5 (serious); 3 when the writer gave none.
        public var severity: Int

        public init(issue: String, correction: String, explanation: String, severity: Int = 3) {
            self.issue = issue
            self.correction = correction
            self.explanation = explanation
            self.severity = severity
        }
    }

    /// A word or phrase with a better alternative.
    public struct VocabularyIssue: Sendable, Equatable {
        public var original: String
        public var betterAlternative: String
        public var reason: String
        public var exampleUsage: String

        public init(original: String, betterAlternative: String, reason: String, exampleUsage: String) {
            self.original = original
            self.betterAlternative = betterAlternative
            self.reason = reason
            self.exampleUsage = exampleUsage
        }
    }

    public var grammarIssues: [GrammarIssue]
    public var vocabularyIssues: [VocabularyIssue]
    public var positives: [String]
    public var fluency: [String]

    public init(grammarIssues: [GrammarIssue] = [], vocabularyIssues: [VocabularyIssue] = [], positives: [String] = [], fluency: [String] = []) {
        self.grammarIssues = grammarIssues
        self.vocabularyIssues = vocabularyIssues
        self.positives = positives
        self.fluency = fluency
    }
}
