import Foundation

/// Turns a feedback's `detailed_feedback` into mistakes (CONTRACT B§5.6): grammar issues of
/// severity above 2 (missing severity counts as 3) and every vocabulary issue; items with an empty
/// original or correction are skipped.
public enum MistakeExtractor {
    /// A mistake found in one feedback, before it is matched against the learner's known ones.
    public struct Candidate: Sendable, Equatable {
        public var kind: Mistake.Kind
        public var originalText: String
        public var correction: String
        public var explanation: String
        public var exampleUsage: String?
        public var severity: Int?
        public var context: String
    }

    public static func candidates(from detailed: DetailedFeedback, transcription: String) -> [Candidate] {
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        var found: [Candidate] = []
        for item in detailed.grammarIssues {
            let original = trimmed(item.issue), correction = trimmed(item.correction)
            guard item.severity > 2, !original.isEmpty, !correction.isEmpty else { continue }
            found.append(Candidate(
                kind: .grammar, originalText: original, correction: correction, explanation: trimmed(item.explanation),
                exampleUsage: nil, severity: item.severity, context: context(of: original, in: transcription)))
        }
        for item in detailed.vocabularyIssues {
            let original = trimmed(item.original), correction = trimmed(item.betterAlternative)
            guard !original.isEmpty, !correction.isEmpty else { continue }
            found.append(Candidate(
                kind: .vocabulary, originalText: original, correction: correction, explanation: trimmed(item.reason),
                exampleUsage: trimmed(item.exampleUsage), severity: nil, context: context(of: original, in: transcription)))
        }
        return found
    }

    /// Up to 50 characters either side of the error in the transcription, the error in `[ ]`;
    /// the whole transcription when the error's words are not in it.
    public static func context(of error: String, in transcription: String) -> String {
        guard let range = transcription.range(of: error, options: [.caseInsensitive, .diacriticInsensitive]) else { return transcription }
        let start = transcription.index(range.lowerBound, offsetBy: -50, limitedBy: transcription.startIndex) ?? transcription.startIndex
        let end = transcription.index(range.upperBound, offsetBy: 50, limitedBy: transcription.endIndex) ?? transcription.endIndex
        return String(transcription[start..<range.lowerBound]) + "[" + String(transcription[range]) + "]" + String(transcription[range.upperBound..<end])
    }
}
