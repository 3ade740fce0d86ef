import Foundation

/// A rule-based checker of the errors learners of English make most: subject–verb agreement,
/// articles, the verb form after auxiliaries and modals, past tense after time markers, plural
/// uncountable nouns, double comparatives, and a few prepositions and collocations. It reports
/// only what a rule is sure of: a sentence it does not understand gets no findings, never a guess.
/// Pure and fast (no I/O), so it runs on the caller's task.
public struct LearnerErrorChecker: Sendable {
    public init() {}

    /// One word of the sentence: as written, lower-cased, and where it is.
    struct Token {
        var text: String
        var lower: String
        var range: Range<String.Index>
    }

    /// The findings in `sentence`, in the order they occur, none overlapping.
    public func check(_ sentence: String) -> [LearnerFinding] {
        let tokens = Self.tokenize(sentence)
        guard !tokens.isEmpty else { return [] }
        let scan = RuleScan(sentence: sentence, tokens: tokens)
        let candidates = scan.uncountables() + scan.doubleComparatives() + scan.pastTense() + scan.agreement()
            + scan.verbForms() + scan.articles() + scan.phrases()
        var taken = IndexSet()
        var findings: [LearnerFinding] = []
        for finding in candidates where !taken.contains(integersIn: finding.tokens) && !overlaps(taken, finding.tokens) {
            taken.insert(integersIn: finding.tokens)
            findings.append(finding)
        }
        return findings.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
    }

    private func overlaps(_ taken: IndexSet, _ range: Range<Int>) -> Bool {
        range.contains { taken.contains($0) }
    }

    /// `sentence` with every finding's correction in place, its first letter's case kept.
    public func corrected(_ sentence: String, findings: [LearnerFinding]) -> String {
        let tokens = Self.tokenize(sentence)
        var result = sentence
        for finding in findings.sorted(by: { $0.tokens.lowerBound > $1.tokens.lowerBound }) {
            guard finding.tokens.upperBound <= tokens.count, !finding.tokens.isEmpty else { continue }
            let first = tokens[finding.tokens.lowerBound]
            let range = first.range.lowerBound..<tokens[finding.tokens.upperBound - 1].range.upperBound
            var replacement = finding.correction
            if first.text.first?.isUppercase == true, let head = replacement.first {
                replacement = head.uppercased() + replacement.dropFirst()
            }
            result.replaceSubrange(range, with: replacement)
        }
        return result
    }

    /// Words (letters, digits and apostrophes; curly apostrophes read as straight ones).
    static func tokenize(_ sentence: String) -> [Token] {
        var tokens: [Token] = []
        var start: String.Index?
        var index = sentence.startIndex
        func close(at end: String.Index) {
            guard let s = start else { return }
            var text = String(sentence[s..<end])
            while text.hasSuffix("'") || text.hasSuffix("\u{2019}") { text.removeLast() }
            if !text.isEmpty {
                let lower = text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
                tokens.append(Token(text: text, lower: lower, range: s..<sentence.index(s, offsetBy: text.count)))
            }
            start = nil
        }
        while index < sentence.endIndex {
            let c = sentence[index]
            if c.isLetter || c.isNumber || ((c == "'" || c == "\u{2019}") && start != nil) {
                if start == nil { start = index }
            } else {
                close(at: index)
            }
            index = sentence.index(after: index)
        }
        close(at: sentence.endIndex)
        return tokens
    }
}
