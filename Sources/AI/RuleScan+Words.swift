import Foundation

/// The rules about single words and fixed phrases: articles, uncountable nouns, comparatives,
/// prepositions and collocations.
extension RuleScan {
    /// "a apple", "an book", and a job or a countable noun with no article: "I am student",
    /// "I have question".
    func articles() -> [LearnerFinding] {
        var found: [LearnerFinding] = []
        let rule = LearnerFinding.Rule.article
        for (i, token) in tokens.enumerated() {
            let w = token.lower
            if (w == "a" || w == "an"), let next = word(i + 1), next.first?.isLetter == true, !Lexicon.uncountable.contains(next) {
                let nextText = tokens[i + 1].text
                if nextText.count > 1 && nextText == nextText.uppercased() { continue }  // an acronym: "an FAQ"
                let vowelSound = ("aeiou".contains(next.first ?? "x") && !Lexicon.startsWithYouSound(next)) || Lexicon.anBeforeConsonantLetter.contains(next)
                if w == "a" && vowelSound {
                    found.append(finding(rule, i..<(i + 2), "an \(nextText)", "Use \"an\" before a vowel sound: an \(nextText).", severity: 3))
                } else if w == "an" && !vowelSound {
                    found.append(finding(rule, i..<(i + 2), "a \(nextText)", "Use \"a\" before a consonant sound: a \(nextText).", severity: 3))
                }
                continue
            }
            guard let next = word(i + 1) else { continue }
            let after = word(i + 2)
            let ends = after == nil || ["for", "in", "at", "with", "and", "but", "to", "about", "on", "from", "here", "there", "now", "today", "please"].contains(after ?? "")
            let beforeJob = ["am", "is", "was", "i'm", "he's", "she's"].contains(w) && Lexicon.occupations.contains(next)
            let beforeThing = ["have", "has", "need", "want", "book", "buy", "get", "find"].contains(w) && Lexicon.countableNouns.contains(next) && ends
            if beforeJob || beforeThing {
                let article = "aeiou".contains(next.first ?? "x") ? "an" : "a"
                found.append(finding(rule, (i + 1)..<(i + 2), "\(article) \(tokens[i + 1].text)", "\"\(tokens[i + 1].text.capitalized)\" is a singular countable noun, so it needs an article: \(article) \(tokens[i + 1].text).", severity: 3))
            }
        }
        return found
    }

    /// "informations", "many advices", "an advice".
    func uncountables() -> [LearnerFinding] {
        var found: [LearnerFinding] = []
        let rule = LearnerFinding.Rule.uncountable
        for (i, token) in tokens.enumerated() {
            let w = token.lower
            let before = word(i - 1)
            if let singular = Lexicon.uncountablePlurals[w] {
                let start = before == "many" || before == "a" || before == "an" ? i - 1 : i
                let correction = before == "many" ? "much \(singular)" : before == "a" || before == "an" ? "some \(singular)" : singular
                found.append(finding(rule, start..<(i + 1), correction, "\"\(singular.capitalized)\" is uncountable: it has no plural and no \"a\"; say \"\(singular)\", \"some \(singular)\" or \"a piece of \(singular)\".", severity: 3))
            } else if Lexicon.uncountable.contains(w), before == "a" || before == "an" || before == "many", !modifiesNoun(at: i) {
                let correction = before == "many" ? "much \(w)" : "a piece of \(w)"
                found.append(finding(rule, (i - 1)..<(i + 1), correction, "\"\(w.capitalized)\" is uncountable: say \"\(correction)\" or \"some \(w)\", not \"\(before ?? "") \(w)\".", severity: 3))
            }
        }
        return found
    }

    /// Whether the word at `i` stands before a noun it describes ("a traffic light", "an
    /// information desk"): the next word is there and is no verb or function word.
    private func modifiesNoun(at i: Int) -> Bool {
        guard let next = word(i + 1) else { return false }
        let functionWords: Set<String> = [
            "about", "for", "of", "on", "in", "at", "to", "with", "from", "by", "that", "which", "who", "and", "or", "but",
            "because", "so", "when", "if", "than", "yesterday", "today", "tomorrow", "now", "here", "there", "please",
        ]
        return !(functionWords.contains(next) || Lexicon.determiners.contains(next) || Lexicon.beForms.contains(next)
            || Lexicon.modals.contains(next) || Lexicon.doForms.contains(next) || Lexicon.personalSubjects.contains(next)
            || Lexicon.verbByForm[next] != nil)
    }

    /// "more better", "most biggest", "more good".
    func doubleComparatives() -> [LearnerFinding] {
        var found: [LearnerFinding] = []
        let rule = LearnerFinding.Rule.doubleComparative
        for (i, token) in tokens.enumerated() where token.lower == "more" || token.lower == "most" {
            guard let next = word(i + 1) else { continue }
            let superlative = token.lower == "most"
            if Lexicon.comparatives.contains(next) {
                found.append(finding(rule, i..<(i + 2), next, "\"\(next.capitalized)\" already compares, so it takes no \"\(token.lower)\": say \(next).", severity: 3))
            } else if let forms = Lexicon.irregularComparison[next], word(i + 2) == "than" || superlative || next == "good" || next == "bad" {
                let form = superlative ? forms.superlative : forms.comparative
                found.append(finding(rule, i..<(i + 2), form, "\"\(next.capitalized)\" has its own \(superlative ? "superlative" : "comparative"): \(form), not \(token.lower) \(next).", severity: 3))
            }
        }
        return found
    }

    /// Fixed phrases learners get wrong: prepositions ("depend of", "since two years") and
    /// collocations ("make a photo", "do a mistake").
    func phrases() -> [LearnerFinding] {
        var found: [LearnerFinding] = []
        let words = tokens.map(\.lower)
        for entry in PhraseCorrections.all {
            var start = 0
            guard let head = entry.wrong.first else { continue }
            while start + entry.wrong.count <= words.count {
                let window = words[start..<(start + entry.wrong.count)]
                if words[start] == head, zip(window, entry.wrong).allSatisfy({ $1 == "#" ? Int($0) != nil || Self.numberWords.contains($0) : $0 == $1 }) {
                    let range = start..<(start + entry.wrong.count)
                    var correction = entry.right
                    if let number = window.first(where: { Int($0) != nil || Self.numberWords.contains($0) }) {
                        correction = correction.replacingOccurrences(of: "#", with: number)
                    }
                    var result = finding(entry.rule, range, correction, entry.explanation, severity: 3)
                    result.explanation = entry.explanation
                    found.append(result)
                    start += entry.wrong.count
                } else {
                    start += 1
                }
            }
        }
        return found
    }

    static let numberWords: Set<String> = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "many", "several", "a", "few"]
}
