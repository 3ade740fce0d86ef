/// What a learner's sentence is about, as a conversation partner can take it up: a thing (a noun
/// phrase: "your sister", "the bakery", "three years experience") or an action (a verb with its
/// object: "making bread"), said from the listener's side ("my" becomes "your"). Never a lone
/// adverb, pronoun, article, adjective or verb form: a sentence without such content has none.
public struct TalkingPoint: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A noun phrase.
        case thing
        /// A verb with its object, in its -ing form.
        case action
    }

    public var kind: Kind
    /// The words to say back: "the bakery", "your sister", "making bread".
    public var phrase: String
    /// The thing the sentence is about: the noun phrase, or the action's object.
    public var thing: String?

    public init(kind: Kind, phrase: String, thing: String?) {
        self.kind = kind
        self.phrase = phrase
        self.thing = thing
    }

    /// The talking point of `sentence`, if it has one: a verb of substance with its object
    /// first, then the first noun phrase after a preposition or a light verb ("have", "want"),
    /// then any other noun phrase.
    public static func find(in sentence: String) -> TalkingPoint? {
        var best: (rank: Int, point: TalkingPoint)?
        for clause in TalkingPointWords.clauses(of: sentence) {
            for candidate in candidates(in: clause) where best == nil || candidate.rank > best?.rank ?? 0 {
                best = candidate
            }
        }
        guard var point = best?.point else { return nil }
        // Names keep their capitals ("London"); the clause's first word does not count as one.
        let names = TalkingPointWords.names(in: sentence)
        func restored(_ text: String) -> String { text.split(separator: " ").map { names[String($0)] ?? String($0) }.joined(separator: " ") }
        point.phrase = restored(point.phrase)
        point.thing = point.thing.map(restored)
        return point
    }

    private static func candidates(in words: [String]) -> [(rank: Int, point: TalkingPoint)] {
        var found: [(Int, TalkingPoint)] = []
        var i = 0
        while i < words.count {
            let word = words[i]
            if let verb = TalkingPointWords.contentVerb(word) {
                var objectStart = i + 1
                var action = verb
                var gerund = false
                // "like to make", "enjoy making": the inner verb carries the action.
                if objectStart + 1 < words.count, words[objectStart] == "to", let inner = TalkingPointWords.contentVerb(words[objectStart + 1]) {
                    action = inner
                    objectStart += 2
                } else if objectStart < words.count, let inner = TalkingPointWords.contentVerb(words[objectStart]),
                    TalkingPointWords.verb(words[objectStart])?.isIng == true
                {
                    action = inner
                    objectStart += 1
                    gerund = true
                }
                // "gave us a test": the object comes after the pronoun.
                if objectStart + 1 < words.count, TalkingPointWords.indirectObjects.contains(words[objectStart]),
                    TalkingPointWords.nounPhrase(in: words, from: objectStart + 1) != nil
                {
                    objectStart += 1
                }
                let light = TalkingPointWords.lightVerbs.contains(action.base)
                if let object = TalkingPointWords.nounPhrase(in: words, from: objectStart) {
                    let point = light
                        ? TalkingPoint(kind: .thing, phrase: object.phrase, thing: object.phrase)
                        : TalkingPoint(kind: .action, phrase: action.ing + " " + object.phrase, thing: object.phrase)
                    found.append((light ? 3 : 4, point))
                    i = object.end
                    continue
                }
                if gerund, !light {
                    // "I love cooking": the activity itself.
                    found.append((3, TalkingPoint(kind: .action, phrase: action.ing, thing: nil)))
                    i = objectStart
                    continue
                }
            } else if TalkingPointWords.prepositions.contains(word), let object = TalkingPointWords.nounPhrase(in: words, from: i + 1) {
                let phrase = TalkingPointWords.definite(object.phrase)
                found.append((3, TalkingPoint(kind: .thing, phrase: phrase, thing: phrase)))
                i = object.end
                continue
            } else if let phrase = TalkingPointWords.nounPhrase(in: words, from: i) {
                found.append((1, TalkingPoint(kind: .thing, phrase: phrase.phrase, thing: phrase.phrase)))
                i = phrase.end
                continue
            }
            i += 1
        }
        return found
    }
}
