/// The word classes `TalkingPoint` reads a sentence with: small closed lists (pronouns,
/// determiners, prepositions, adverbs…) and the lexicon's verbs; whatever is in none of them is
/// taken for a noun or an adjective.
enum TalkingPointWords {
    static let pronouns: Set<String> = [
        "i", "me", "you", "he", "him", "she", "her", "it", "we", "us", "they", "them", "myself", "yourself", "mine", "yours",
        "something", "anything", "nothing", "everything", "someone", "anyone", "everyone", "nobody", "somebody", "one",
        "i'm", "you're", "he's", "she's", "it's", "we're", "they're", "i've", "i'd", "i'll", "that's", "there's", "let's",
    ]
    /// Possessives said back from the listener's side.
    static let possessiveFlip: [String: String] = ["my": "your", "our": "your", "your": "my"]
    static let numbers: Set<String> = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
        "thirty", "forty", "fifty", "hundred", "thousand", "many", "few", "several", "both", "all", "more", "most",
    ]
    static let prepositions: Set<String> = [
        "in", "on", "at", "for", "with", "from", "to", "of", "about", "by", "near", "into", "after", "before", "during",
        "without", "over", "under", "around", "between", "through", "across", "behind", "like", "as",
    ]
    static let adverbs: Set<String> = [
        "very", "much", "really", "too", "also", "always", "often", "sometimes", "usually", "never", "just", "so", "well",
        "now", "then", "here", "there", "today", "tomorrow", "yesterday", "tonight", "already", "still", "maybe", "please",
        "quite", "again", "soon", "later", "only", "even", "ever", "together", "less", "ago", "yet", "almost", "enough",
        "back", "away", "not", "n't", "right", "actually", "probably", "definitely", "lot", "lots", "bit", "twice", "once",
        "online", "abroad", "outside", "inside", "upstairs", "downstairs", "far", "instead", "anymore",
    ]
    static let conjunctions: Set<String> = [
        "and", "or", "but", "because", "if", "when", "while", "that", "than", "though", "although", "since", "until",
        "where", "who", "which", "what", "how", "why", "whose", "whom",
    ]
    static let interjections: Set<String> = [
        "yes", "yeah", "no", "nope", "ok", "okay", "hello", "hi", "hey", "um", "uh", "oh", "ah", "thanks", "thank", "sorry",
        "bye", "goodbye", "sure", "wow", "hmm", "alright",
    ]
    static let auxiliaries: Set<String> = EnglishLexicon.modals.union(EnglishLexicon.doForms).union(EnglishLexicon.beForms)
        .union(["be", "been", "being", "have", "has", "had", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "haven't"])
    /// Common adjectives, which never head a talking point.
    static let adjectives: Set<String> = [
        "good", "bad", "nice", "great", "happy", "sad", "tired", "busy", "hungry", "thirsty", "big", "small", "new", "old",
        "young", "hot", "cold", "warm", "cheap", "expensive", "easy", "difficult", "hard", "important", "interesting",
        "beautiful", "delicious", "favourite", "favorite", "free", "late", "early", "ready", "fine", "wrong", "different",
        "same", "best", "better", "little", "long", "short", "high", "low", "full", "sick", "ill", "excited", "nervous",
        "friendly", "quiet", "fresh", "comfortable", "clean", "dirty", "fast", "slow", "whole", "own", "other", "next",
        "last", "first", "special", "popular", "famous", "real", "local", "healthy", "spicy", "sweet", "strong", "weak",
        "kind", "lovely", "perfect", "wonderful", "terrible", "amazing", "fun", "boring", "glad", "afraid", "worried",
        "sure", "large", "huge", "tiny", "bright", "dark", "quick", "safe", "dangerous", "possible", "available", "necessary",
        "exciting", "excellent", "awful", "pretty", "ugly", "rich", "poor", "simple", "single", "double", "extra", "main",
    ]
    /// Nouns of time, which make adverbials ("every weekend"), not talking points.
    static let timeNouns: Set<String> = [
        "day", "days", "week", "weeks", "weekend", "weekends", "month", "months", "year", "years", "morning", "mornings",
        "evening", "evenings", "night", "nights", "time", "times", "hour", "hours", "minute", "minutes", "moment",
        "afternoon", "today", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]
    /// Pronouns that stand before a verb's object ("gave us a test").
    static let indirectObjects: Set<String> = ["me", "us", "him", "her", "them", "you"]
    /// Verbs whose object is the talking point by itself ("I have a question", "I want a coffee").
    static let lightVerbs: Set<String> = ["have", "get", "do", "want", "need", "like", "love", "hate", "prefer", "take", "go", "know", "think"]
    /// Words after which a bare word is an adjective ("I am tired", "it feels strange").
    static let linking: Set<String> = EnglishLexicon.beForms.union([
        "be", "been", "feel", "feels", "felt", "look", "looks", "seem", "seems", "become", "very", "so", "too", "really", "quite",
    ])

    /// The sentence in lower case, split into clauses at punctuation, each a list of words.
    static func clauses(of sentence: String) -> [[String]] {
        var clauses: [[String]] = []
        var words: [String] = []
        var word = ""
        func endWord() {
            if !word.isEmpty { words.append(word) }
            word = ""
        }
        for character in sentence.lowercased() {
            if character.isLetter || character.isNumber || character == "'" || character == "’" || character == "-" {
                word.append(character == "’" ? "'" : character)
            } else {
                endWord()
                if ".,!?;:()\"".contains(character), !words.isEmpty {
                    clauses.append(words)
                    words = []
                }
            }
        }
        endWord()
        if !words.isEmpty { clauses.append(words) }
        return clauses
    }

    /// Verbs beyond the checker's lexicon that learners use about their lives (kept apart, so
    /// the checker's rules do not change): `base third past ing`.
    static let moreVerbs: [String: EnglishLexicon.Verb] = {
        let entries = """
            hurt hurts hurt hurting; cost costs cost costing; read reads read reading; smoke smokes smoked smoking; \
            improve improves improved improving; decorate decorates decorated decorating; include includes included including; \
            turn turns turned turning; marry marries married marrying; bake bakes baked baking; fix fixes fixed fixing; \
            use uses used using; show shows showed showing; keep keeps kept keeping; build builds built building
            """
        var table: [String: EnglishLexicon.Verb] = [:]
        for entry in entries.split(separator: ";") {
            let f = entry.split(separator: " ").map(String.init)
            guard f.count == 4 else { continue }
            let verb = EnglishLexicon.Verb(base: f[0], third: f[1], past: f[2], ing: f[3])
            for form in f where table[form] == nil { table[form] = verb }
        }
        return table
    }()

    /// A verb by any of its forms, from the lexicon or the list above.
    static func verb(_ word: String) -> (verb: EnglishLexicon.Verb, isIng: Bool)? {
        if let entry = EnglishLexicon.verbByForm[word] { return (entry.verb, entry.form == .ing) }
        if let verb = moreVerbs[word] { return (verb, verb.ing == word) }
        return nil
    }

    /// Words written with a capital inside a clause (names: "London", "Anna"), by their lower
    /// case; "I" and the clause's first word are not names.
    static func names(in sentence: String) -> [String: String] {
        var names: [String: String] = [:]
        var atClauseStart = true
        var word = ""
        func endWord() {
            if let first = word.first, first.isUppercase, !atClauseStart, word != "I", !word.hasPrefix("I'") { names[word.lowercased()] = word }
            if !word.isEmpty { atClauseStart = false }
            word = ""
        }
        for character in sentence {
            if character.isLetter || character.isNumber || character == "'" || character == "-" {
                word.append(character)
            } else {
                endWord()
                if ".!?;:\"".contains(character) { atClauseStart = true }
            }
        }
        endWord()
        return names
    }

    /// The verb of a word that is a form of a verb of substance (not "be" or "do").
    static func contentVerb(_ word: String) -> EnglishLexicon.Verb? {
        guard !auxiliaries.contains(word) || ["have", "has", "had"].contains(word), let entry = verb(word),
            entry.verb.base != "be", entry.verb.base != "do"
        else { return nil }
        return entry.verb
    }

    /// Whether a word can stand in a noun phrase after its determiners: not a function word,
    /// not a verb form, not an adverb in -ly.
    static func isNounPhraseWord(_ word: String, determined: Bool = false) -> Bool {
        // After a determiner a verb's base or -ing form is a noun: "the rent", "a walk", "the shopping".
        if determined, let entry = verb(word), word != entry.verb.past || word == entry.verb.base, !auxiliaries.contains(word) {
            return true
        }
        return !(pronouns.contains(word) || prepositions.contains(word) || adverbs.contains(word) || conjunctions.contains(word)
            || interjections.contains(word) || auxiliaries.contains(word) || EnglishLexicon.determiners.contains(word)
            || numbers.contains(word) || possessiveFlip[word] != nil || verb(word) != nil
            || word.hasSuffix("ly") || word.count < 2)
    }

    /// The noun phrase starting at `start`: determiners or numbers, then up to four nouns and
    /// adjectives headed by a noun. `end` is the index after it.
    static func nounPhrase(in words: [String], from start: Int) -> (phrase: String, end: Int)? {
        var said: [String] = []
        var i = start
        var determined = false
        while i < words.count, said.count < 2 {
            let word = words[i]
            if let flipped = possessiveFlip[word] {
                said.append(flipped)
            } else if EnglishLexicon.determiners.contains(word) || numbers.contains(word) || word.allSatisfy(\.isNumber) {
                said.append(word)
            } else {
                break
            }
            determined = true
            i += 1
        }
        var content: [String] = []
        while i < words.count, content.count < 4, isNounPhraseWord(words[i], determined: determined && content.isEmpty) {
            // Adjectives come before the noun: one after it starts something else ("last month").
            if adjectives.contains(words[i]), content.contains(where: { !adjectives.contains($0) }) { break }
            content.append(words[i])
            i += 1
        }
        // "no time", "any fish": the negative says nothing is there; "any" is dropped when said back.
        if said.first == "no" { return nil }
        said.removeAll { $0 == "any" }
        guard let head = content.last, !adjectives.contains(head), !timeNouns.contains(head) else { return nil }
        // A bare word after "am", "feel", "very"… is an adjective we do not know (but "Is
        // breakfast included?" asks about a thing).
        if !determined, start > 1, linking.contains(words[start - 1]), !head.hasSuffix("s") { return nil }
        return ((said + content).joined(separator: " "), i)
    }

    /// "a bakery" as "the bakery": a place or thing taken up again is known to both.
    static func definite(_ phrase: String) -> String {
        for article in ["a ", "an "] where phrase.hasPrefix(article) { return "the " + phrase.dropFirst(article.count) }
        return phrase
    }
}
