import AI
import Domain
import Foundation

/// Offline feedback: the rule-based learner-error checker, in the same
/// `{user_feedback, detailed_feedback}` shape as the AI teacher, with only real findings.
/// Explanations are in English whatever `FEEDBACK_LANGUAGE` says.
public struct RuleBasedFeedbackWriter: FeedbackWriting {
    let checker = LearnerErrorChecker()

    public init() {}

    public func write(sentence: String, conversation: Conversation, previous: [Message]) async throws -> (text: String, detailed: DetailedFeedback?) {
        let spoken = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        let findings = checker.check(spoken)
        let grammar = findings.filter { $0.kind == .grammar }.map {
            DetailedFeedback.GrammarIssue(issue: $0.original, correction: $0.correction, explanation: $0.explanation, severity: $0.severity)
        }
        let corrected = checker.corrected(spoken, findings: findings)
        // The example of a word fix is its own sentence, corrected (not the whole answer again).
        let vocabulary = checker.correctedSentences(spoken, findings: findings).filter { $0.finding.kind == .vocabulary }.map { finding, sentence in
            DetailedFeedback.VocabularyIssue(original: finding.original, betterAlternative: finding.correction, reason: finding.explanation, exampleUsage: sentence)
        }
        let wordCount = spoken.split(whereSeparator: { $0.isWhitespace }).count
        var positives: [String] = []
        var fluency: [String] = []
        if findings.isEmpty && wordCount > 0 { positives.append("Your sentence is grammatically correct.") }
        if wordCount >= 8 { positives.append("You answered in a full, detailed sentence.") }
        if wordCount > 0 && wordCount < 4 { fluency.append("Try answering in a full sentence and add a detail or a reason.") }
        let detailed = DetailedFeedback(grammarIssues: grammar, vocabularyIssues: vocabulary, positives: positives, fluency: fluency)
        return (Self.text(spoken: spoken, findings: findings, corrected: corrected, wordCount: wordCount), detailed)
    }

    static func text(spoken: String, findings: [LearnerFinding], corrected: String, wordCount: Int) -> String {
        guard wordCount > 0 else { return "I could not hear a sentence to check. Try again and say a full sentence." }
        guard !findings.isEmpty else {
            let tip = wordCount < 4 ? " Next time, try a longer answer: add a detail or a reason." : " Keep it up!"
            return "Well said! I found no grammar or word-choice mistakes in \"\(spoken)\".\(tip)"
        }
        var lines = ["Good effort! Here is what to fix:"]
        for (n, finding) in findings.enumerated() {
            lines.append("\(n + 1). \"\(finding.original)\" → \"\(finding.correction)\": \(finding.explanation)")
        }
        lines.append("A more natural way to say it: \"\(corrected)\"")
        return lines.joined(separator: "\n")
    }
}
