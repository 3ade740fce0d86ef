import AI
import Domain
import Foundation

/// Feedback on a learner's picture description without a language model: their description
/// corrected by the learner-error checker (kept close to what they said), what was fixed and
/// why, and the sentences of the reference description about things they did not mention.
public struct RuleBasedPictureTutor: PictureTutoring {
    private let checker = LearnerErrorChecker()
    /// At most this many reference sentences are suggested.
    static let maximumSuggestions = 3

    public init() {}

    /// The rules cannot see pictures: `nil`.
    public func describe(picture: Data, contentType: String) async throws -> String? { nil }

    /// `better_version` and `explanation`, as the model would answer them.
    public func feedback(reference: String, description: String) -> PictureFeedback {
        let spoken = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !spoken.isEmpty else {
            return PictureFeedback(
                betterVersion: reference, explanation: "I could not find a description to check. Here is a model description of the picture to learn from.")
        }
        let findings = checker.check(spoken)
        var lines: [String] = []
        if findings.isEmpty {
            lines.append("I found no grammar or word-choice mistakes in your description.")
        } else {
            lines.append("What was fixed:")
            for finding in findings { lines.append("- \"\(finding.original)\" → \"\(finding.correction)\": \(finding.explanation)") }
        }
        // The least mentioned sentences, told in the reference's order.
        let chosen = Set(Self.unmentioned(reference: reference, description: spoken).prefix(Self.maximumSuggestions))
        let missed = Self.sentences(reference).filter(chosen.contains)
        if missed.isEmpty {
            lines.append("You mentioned everything the model description does.")
        } else {
            lines.append("The picture also shows: " + missed.joined(separator: " "))
        }
        return PictureFeedback(betterVersion: checker.corrected(spoken, findings: findings), explanation: lines.joined(separator: "\n"))
    }

    /// The reference's sentences most of whose content words the description does not use, the
    /// least mentioned first.
    static func unmentioned(reference: String, description: String) -> [String] {
        let said = Set(contentWords(description))
        var missed: [(sentence: String, covered: Double)] = []
        for sentence in sentences(reference) {
            let words = Set(contentWords(sentence))
            guard !words.isEmpty else { continue }
            let covered = Double(words.filter(said.contains).count) / Double(words.count)
            if covered < 0.5 { missed.append((sentence, covered)) }
        }
        // (A stable sort: equally unmentioned sentences keep the reference's order.)
        return missed.enumerated().sorted { ($0.element.covered, $0.offset) < ($1.element.covered, $1.offset) }.map(\.element.sentence)
    }

    /// Sentences ending in `.`, `!` or `?` (a last one without is kept too).
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if ".!?".contains(character) {
                let sentence = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !sentence.isEmpty { result.append(sentence) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { result.append(rest) }
        return result
    }

    /// Lower-cased words of three letters or more that carry content, plurals folded (`trees` → `tree`).
    static func contentWords(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 3 && !stopWords.contains($0) }.map { word in
            if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
            if word.hasSuffix("s"), !word.hasSuffix("ss"), word.count > 3 { return String(word.dropLast()) }
            return word
        }
    }

    private static let stopWords: Set<String> = [
        "the", "and", "are", "there", "this", "that", "with", "its", "has", "have", "had", "for", "from", "into", "onto", "some",
        "any", "very", "can", "see", "seen", "looks", "look", "like", "seems", "seem", "picture", "image", "photo", "also", "one",
        "two", "three", "four", "five", "was", "were", "been", "being", "they", "them", "their", "his", "her", "him", "she",
        "who", "which", "what", "where", "while", "other", "each", "both", "few", "many", "much", "not", "nobody", "nothing",
        "behind", "front", "beside", "next", "near", "under", "over", "above", "below", "between", "left", "right", "top",
        "bottom", "middle", "side", "corner", "background", "foreground", "shows", "show", "stands", "stand", "standing",
    ]
}
