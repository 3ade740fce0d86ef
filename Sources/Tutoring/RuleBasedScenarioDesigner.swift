import AI
import Domain
import Foundation

/// Offline scenario refinement: roles cut to one or two plain words, a tidy situation, a gender
/// from the role's words (a waitress, a mother) or a stable choice, and a first line in character
/// that ends with a question.
public struct RuleBasedScenarioDesigner: ScenarioDesigning {
    public init() {}

    static let femaleWords: Set<String> = ["waitress", "actress", "mother", "mom", "sister", "woman", "girl", "lady", "queen", "wife", "aunt", "grandmother", "girlfriend", "hostess", "stewardess", "princess", "daughter"]
    static let maleWords: Set<String> = ["waiter", "actor", "father", "dad", "brother", "man", "boy", "gentleman", "king", "husband", "uncle", "grandfather", "boyfriend", "host", "steward", "prince", "son"]
    static let femaleNames = ["Anna", "Emma", "Lucy", "Sarah", "Mia", "Grace"]
    static let maleNames = ["Tom", "David", "Sam", "Jack", "Ben", "Leo"]
    static let stopWords: Set<String> = ["a", "an", "the", "my", "your", "some", "very", "who", "that", "which", "is", "at", "in", "on", "of", "for", "with", "from", "to", "and"]

    /// One or two plain words: the clause before any preposition or relative word, without
    /// articles, its last two words.
    static func refineRole(_ role: String, fallback: String) -> String {
        var words: [String] = []
        for raw in role.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "'" }) {
            let word = String(raw)
            if ["who", "that", "which", "at", "in", "on", "of", "for", "with", "from", "to", "and", "is", "working"].contains(word) && !words.isEmpty { break }
            if !stopWords.contains(word) { words.append(word) }
        }
        let kept = words.suffix(2).joined(separator: " ")
        return kept.isEmpty ? fallback : kept
    }

    static func stableIndex(_ text: String, modulo: Int) -> Int {
        Int(text.unicodeScalars.reduce(UInt32(2166136261)) { ($0 ^ $1.value) &* 16777619 } % UInt32(max(1, modulo)))
    }

    public func design(userRole: String, aiRole: String, situation: String) async throws -> Scenario {
        let user = Self.refineRole(userRole, fallback: "learner")
        let ai = Self.refineRole(aiRole, fallback: "friend")
        let roleWords = Set(aiRole.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        let female = !roleWords.isDisjoint(with: Self.femaleWords) ? true
            : !roleWords.isDisjoint(with: Self.maleWords) ? false : Self.stableIndex(aiRole + situation, modulo: 2) == 0
        var place = situation.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
        if place.isEmpty { place = "The \(user) and the \(ai) meet and talk" }
        place = place.prefix(1).uppercased() + place.dropFirst()
        if let last = place.last, !".!?".contains(last) { place += "." }
        let refined = "You are the \(user) and I am the \(ai). \(place)"
        let names = female ? Self.femaleNames : Self.maleNames
        let name = names[Self.stableIndex(aiRole + userRole, modulo: names.count)]
        let openers = [
            "Hello! I'm \(name), your \(ai). How can I help you today?",
            "Hi there, I'm \(name), the \(ai) here. What can I do for you?",
            "Good day! My name is \(name) and I'm your \(ai). What would you like to talk about first?",
        ]
        let opening = openers[Self.stableIndex(situation + aiRole, modulo: openers.count)]
        return Scenario(userRole: user, aiRole: ai, situation: refined, openingLine: opening, aiIsFemale: female)
    }
}
