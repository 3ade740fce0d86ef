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

    /// The most words the rules look at together: a longer sentence is read in parts this long,
    /// so the time taken grows in step with the text, whatever its length.
    static let segmentWords = 64

    /// The findings in `text`, in the order they occur, none overlapping. Each sentence (ended
    /// by `.`, `!`, `?`, `;` or a line break) is checked on its own, in parts of at most
    /// `segmentWords` words; token ranges count from the start of `text`.
    public func check(_ text: String) -> [LearnerFinding] {
        let tokens = Self.tokenize(text)
        var findings: [LearnerFinding] = []
        for segment in Self.segments(text, tokens) {
            let scan = RuleScan(sentence: text, tokens: Array(tokens[segment]))
            let candidates = scan.uncountables() + scan.doubleComparatives() + scan.pastTense() + scan.agreement()
                + scan.verbForms() + scan.articles() + scan.phrases()
            var taken = IndexSet()
            var found: [LearnerFinding] = []
            for finding in candidates where !overlaps(taken, finding.tokens) {
                taken.insert(integersIn: finding.tokens)
                var placed = finding
                placed.tokens = (finding.tokens.lowerBound + segment.lowerBound)..<(finding.tokens.upperBound + segment.lowerBound)
                found.append(placed)
            }
            findings += found.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
        }
        return findings
    }

    /// The token ranges of the sentences of `text`, each cut into parts of `segmentWords`.
    static func segments(_ text: String, _ tokens: [Token]) -> [Range<Int>] {
        var segments: [Range<Int>] = []
        var start = 0
        for k in tokens.indices where k > start {
            let gap = text[tokens[k - 1].range.upperBound..<tokens[k].range.lowerBound]
            if k - start >= segmentWords || gap.contains(where: { ".!?;\n".contains($0) }) {
                segments.append(start..<k)
                start = k
            }
        }
        if start < tokens.count { segments.append(start..<tokens.count) }
        return segments
    }

    /// Each finding with the sentence (or part of one) it is in, corrected: what a learner
    /// reads as the example of the fix. One pass over `text`.
    public func correctedSentences(_ text: String, findings: [LearnerFinding]) -> [(finding: LearnerFinding, sentence: String)] {
        let tokens = Self.tokenize(text)
        let sorted = findings.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
        var result: [(LearnerFinding, String)] = []
        var next = 0
        for segment in Self.segments(text, tokens) {
            var inside: [LearnerFinding] = []
            while next < sorted.count, sorted[next].tokens.lowerBound < segment.upperBound {
                if sorted[next].tokens.lowerBound >= segment.lowerBound { inside.append(sorted[next]) }
                next += 1
            }
            guard !inside.isEmpty else { continue }
            let span = String(text[tokens[segment.lowerBound].range.lowerBound..<tokens[segment.upperBound - 1].range.upperBound])
            let local = inside.map { finding -> LearnerFinding in
                var moved = finding
                moved.tokens = (finding.tokens.lowerBound - segment.lowerBound)..<(finding.tokens.upperBound - segment.lowerBound)
                return moved
            }
            let corrected = self.corrected(span, findings: local)
            result += inside.map { ($0, corrected) }
        }
        return result
    }

    private func overlaps(_ taken: IndexSet, _ range: Range<Int>) -> Bool {
        range.contains { taken.contains($0) }
    }

    /// `text` with every finding's correction in place, its first letter's case kept (built in
    /// one pass, however many findings there are).
    public func corrected(_ text: String, findings: [LearnerFinding]) -> String {
        let tokens = Self.tokenize(text)
        var result = ""
        var copiedUpTo = text.startIndex
        for finding in findings.sorted(by: { $0.tokens.lowerBound < $1.tokens.lowerBound }) {
            guard finding.tokens.upperBound <= tokens.count, !finding.tokens.isEmpty else { continue }
            let first = tokens[finding.tokens.lowerBound]
            guard first.range.lowerBound >= copiedUpTo else { continue }
            var replacement = finding.correction
            if first.text.first?.isUppercase == true, let head = replacement.first {
                replacement = head.uppercased() + replacement.dropFirst()
            }
            result += text[copiedUpTo..<first.range.lowerBound]
            result += replacement
            copiedUpTo = tokens[finding.tokens.upperBound - 1].range.upperBound
        }
        result += text[copiedUpTo...]
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
