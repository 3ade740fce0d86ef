/// One error the learner-error checker found in a sentence.
public struct LearnerFinding: Sendable, Equatable {
    /// Grammar errors and word-choice (vocabulary) errors are stored apart, as the AI teacher
    /// returns them.
    public enum Kind: String, Sendable {
        case grammar, vocabulary
    }

    /// The checks, named as the feedback names them.
    public enum Rule: String, Sendable, CaseIterable {
        case subjectVerbAgreement = "subject-verb agreement"
        case article = "articles"
        case verbForm = "verb form after an auxiliary or modal"
        case pastTense = "past tense after a time marker"
        case uncountable = "uncountable nouns"
        case doubleComparative = "double comparative"
        case preposition = "prepositions"
        case collocation = "word choice"
    }

    public var rule: Rule
    /// The words as the learner said them.
    public var original: String
    /// The same words corrected.
    public var correction: String
    /// Why, in one or two sentences.
    public var explanation: String
    /// 1 (minor) to 5 (serious).
    public var severity: Int
    /// The words' positions in the sentence (token indices), used to correct the whole sentence.
    public var tokens: Range<Int>

    public var kind: Kind { rule == .collocation ? .vocabulary : .grammar }
}
