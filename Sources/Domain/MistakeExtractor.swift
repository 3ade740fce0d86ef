import BSON
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

    public static func candidates(from detailed: Document, transcription: String) -> [Candidate] {
        func items(_ key: String) -> [Document] {
            guard case .array(let list)? = detailed[key] else { return [] }
            return list.compactMap(\.documentValue)
        }
        func text(_ item: Document, _ key: String) -> String { (item[key]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var found: [Candidate] = []
        for item in items("grammar_issues") {
            let severity = severity(of: item)
            let original = text(item, "issue"), correction = text(item, "correction")
            guard severity > 2, !original.isEmpty, !correction.isEmpty else { continue }
            found.append(Candidate(
                kind: .grammar, originalText: original, correction: correction, explanation: text(item, "explanation"),
                exampleUsage: nil, severity: severity, context: context(of: original, in: transcription)))
        }
        for item in items("vocabulary_issues") {
            let original = text(item, "original"), correction = text(item, "better_alternative")
            guard !original.isEmpty, !correction.isEmpty else { continue }
            found.append(Candidate(
                kind: .vocabulary, originalText: original, correction: correction, explanation: text(item, "reason"),
                exampleUsage: text(item, "example_usage"), severity: nil, context: context(of: original, in: transcription)))
        }
        return found
    }

    /// A grammar issue's severity, stored as any number type; 3 when missing or unusable.
    public static func severity(of item: Document) -> Int {
        item["severity"]?.numberValue.flatMap { $0.isFinite ? Int(exactly: $0.rounded()) : nil } ?? 3
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
