import Foundation

/// The learner-error rules, run over one tokenised sentence. Each rule returns candidate findings;
/// the checker keeps the first of any that overlap.
struct RuleScan {
    typealias Lexicon = EnglishLexicon
    let sentence: String
    let tokens: [LearnerErrorChecker.Token]

    init(sentence: String, tokens: [LearnerErrorChecker.Token]) {
        self.sentence = sentence
        self.tokens = tokens
    }

    func word(_ i: Int) -> String? { tokens.indices.contains(i) ? tokens[i].lower : nil }

    func finding(_ rule: LearnerFinding.Rule, _ range: Range<Int>, _ correction: String, _ explanation: String, severity: Int) -> LearnerFinding {
        let original = String(sentence[tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound - 1].range.upperBound])
        return LearnerFinding(rule: rule, original: original, correction: correction, explanation: explanation, severity: severity, tokens: range)
    }

    /// Subjects and the verb right after them: "he go", "they goes", "I is", "he don't", "people is".
    func agreement() -> [LearnerFinding] {
        var found: [LearnerFinding] = []
        let rule = LearnerFinding.Rule.subjectVerbAgreement
        for (i, token) in tokens.enumerated() {
            guard let next = word(i + 1) else { break }
            let subject = token.lower
            if let before = word(i - 1), Lexicon.governing.contains(before) { continue }
            let text = token.text
            if Lexicon.singularSubjects.contains(subject) {
                let fixed: String? = switch next {
                case "are": "is"
                case "were" where !["if", "wish", "as"].contains(word(i - 1) ?? ""): "was"
                case "don't": "doesn't"
                case "have": "has"
                case "do" where word(i + 2) != "you": "does"
                default:
                    if let verb = Lexicon.verbs[next], verb.base != "be", !Lexicon.ambiguousBase.contains(next) || subject != "it" { verb.third } else { nil }
                }
                if let fixed {
                    found.append(finding(rule, i..<(i + 2), "\(text) \(fixed)", "With he, she or it the present-tense verb takes -s: \(subject) \(fixed), not \(subject) \(next).", severity: 4))
                }
            } else if Lexicon.nonThirdSubjects.contains(subject) {
                let fixed: String? = switch (subject, next) {
                case ("i", "is"), ("i", "are"): "am"
                case (_, "is"): subject == "i" ? "am" : "are"
                case ("i", "was"): nil
                case (_, "was"): "were"
                case ("i", "were"): ["if", "wish"].contains(word(i - 1) ?? "") ? nil : "was"
                case (_, "doesn't"): "don't"
                case (_, "has"): "have"
                case (_, "does"): "do"
                default:
                    if let (verb, form) = Lexicon.verbByForm[next], form == .third, verb.third != verb.base { verb.base } else { nil }
                }
                if let fixed {
                    found.append(finding(rule, i..<(i + 2), "\(text) \(fixed)", "With \(subject == "i" ? "I" : subject) the verb has no -s: \(subject == "i" ? "I" : subject) \(fixed), not \(subject == "i" ? "I" : subject) \(next).", severity: 4))
                }
            } else if Lexicon.pluralNouns.contains(subject) {
                let fixed: String? = ["is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't"][next]
                if let fixed {
                    found.append(finding(rule, i..<(i + 2), "\(text) \(fixed)", "\"\(text)\" is plural, so the verb is plural too: \(subject) \(fixed).", severity: 4))
                }
            }
        }
        return found
    }

    /// The bare verb after modals, do/does/did and "to": "can goes", "didn't went", "does he likes",
    /// "to bought", "should to go"; and "am go" where a form of "be" stands before a bare verb.
    func verbForms() -> [LearnerFinding] {
        var found: [LearnerFinding] = []
        let rule = LearnerFinding.Rule.verbForm
        for (i, token) in tokens.enumerated() {
            let w = token.lower
            let isModal = Lexicon.modals.contains(w) && !(w == "will" && token.text == "Will" && i > 0)
            let isDo = Lexicon.doForms.contains(w)
            if isModal || isDo {
                var j = i + 1
                if word(j) == "not" { j += 1 }
                if let subject = word(j), Lexicon.personalSubjects.contains(subject) { j += 1 }
                if isModal, word(j) == "to", let after = word(j + 1), Lexicon.verbs[after] != nil {
                    found.append(finding(rule, j..<(j + 2), after, "After \"\(token.text)\" the verb follows directly, without \"to\": \(token.text) \(after).", severity: 3))
                    continue
                }
                guard let next = word(j), let (verb, form) = Lexicon.verbByForm[next], form != .base, verb.base != "be" else { continue }
                if form == .past && verb.past == verb.base { continue }
                if isDo && form == .ing { continue }
                found.append(finding(rule, j..<(j + 1), verb.base, "After \"\(token.text)\" use the bare verb: \(verb.base), not \(next).", severity: 4))
            } else if w == "to", let next = word(i + 1), let (verb, form) = Lexicon.verbByForm[next], verb.base != "be",
                next != "left", form == .past && verb.past != Lexicon.pastTense(verb.base) || (form == .third && ["goes", "has", "does"].contains(next))
            {
                found.append(finding(rule, (i + 1)..<(i + 2), verb.base, "After \"to\" use the bare verb: to \(verb.base), not to \(next).", severity: 4))
            } else if Lexicon.beForms.contains(w), let next = word(i + 1), let verb = Lexicon.verbs[next], verb.base != "be",
                !Lexicon.ambiguousBase.contains(next) || Lexicon.stative.contains(next),
                !["like", "mean", "hope", "love", "need", "feel"].contains(next)
            {
                found.append(beBeforeBareVerb(at: i, verb: verb))
            }
        }
        return found
    }

    /// "I am agree" → "I agree" (a state is said with the simple verb); "I am go" → "I am going".
    private func beBeforeBareVerb(at i: Int, verb: Lexicon.Verb) -> LearnerFinding {
        let token = tokens[i]
        let rule = LearnerFinding.Rule.verbForm
        guard Lexicon.stative.contains(verb.base) else {
            return finding(rule, i..<(i + 2), "\(token.text) \(verb.ing)", "A form of \"be\" cannot stand before a bare verb: say \(token.text) \(verb.ing) for something happening now, or use the simple verb.", severity: 4)
        }
        let simple: String
        switch token.lower {
        case "is", "he's", "she's", "it's": simple = verb.third
        case "was", "were": simple = verb.past
        default: simple = verb.base
        }
        let contracted = token.lower.contains("'")
        let prefix = contracted ? String(token.text.prefix { $0 != "'" && $0 != "\u{2019}" }) + " " : ""
        return finding(rule, i..<(i + 2), prefix + simple, "\"\(verb.base.capitalized)\" is already a verb, so it needs no \"be\": say \(prefix)\(simple), not \(token.text) \(verb.base).", severity: 4)
    }

    /// Present-tense verbs in a sentence that says it happened in the past: "yesterday I go".
    func pastTense() -> [LearnerFinding] {
        let words = tokens.map(\.lower)
        let pastMarked = words.contains { Lexicon.pastMarkers.contains($0) }
            || zip(words, words.dropFirst()).contains { $0 == "last" && Lexicon.lastPeriods.contains($1) }
        guard pastMarked, !words.contains(where: { Lexicon.futureMarkers.contains($0) }) else { return [] }
        var found: [LearnerFinding] = []
        let rule = LearnerFinding.Rule.pastTense
        for i in tokens.indices.dropLast() {
            let subject = words[i]
            guard Lexicon.singularSubjects.contains(subject) || Lexicon.nonThirdSubjects.contains(subject) || Lexicon.pluralNouns.contains(subject) else { continue }
            if let before = word(i - 1), Lexicon.governing.contains(before) { continue }
            let next = words[i + 1]
            let plural = subject == "we" || subject == "they" || subject == "you" || Lexicon.pluralNouns.contains(subject)
            let fixed: String?
            switch next {
            case "am" where !words.contains("than"), "is" where !words.contains("than"): fixed = "was"
            case "are" where !words.contains("than"): fixed = plural ? "were" : "was"
            default:
                if let (verb, form) = Lexicon.verbByForm[next], form == .base || form == .third, verb.past != verb.base, verb.base != "be",
                    !Lexicon.stative.contains(verb.base)
                { fixed = verb.past } else { fixed = nil }
            }
            if let fixed {
                found.append(finding(rule, (i + 1)..<(i + 2), fixed, "The sentence is about the past, so the verb is in the past tense: \(fixed), not \(next).", severity: 4))
            }
        }
        return found
    }
}
