/// The small English lexicon the learner-error checker and the offline partner rely on: verb
/// forms, pronouns, auxiliaries, nouns learners use without articles, uncountable nouns and
/// comparatives. Lists, not a grammar: a word missing here is simply never flagged.
enum EnglishLexicon {
    /// The forms of one verb.
    struct Verb: Sendable {
        var base: String
        var third: String
        var past: String
        var ing: String
    }

    /// Irregular verbs: `base third past ing`.
    private static let irregular = """
        go goes went going; have has had having; do does did doing; be is was being; come comes came coming; \
        eat eats ate eating; see sees saw seeing; buy buys bought buying; take takes took taking; make makes made making; \
        get gets got getting; know knows knew knowing; think thinks thought thinking; speak speaks spoke speaking; \
        write writes wrote writing; swim swims swam swimming; drink drinks drank drinking; begin begins began beginning; \
        run runs ran running; sit sits sat sitting; give gives gave giving; find finds found finding; tell tells told telling; \
        say says said saying; feel feels felt feeling; leave leaves left leaving; meet meets met meeting; pay pays paid paying; \
        sleep sleeps slept sleeping; teach teaches taught teaching; bring brings brought bringing; forget forgets forgot forgetting; \
        understand understands understood understanding; spend spends spent spending; lose loses lost losing; send sends sent sending; \
        sell sells sold selling; wear wears wore wearing; choose chooses chose choosing; fly flies flew flying; drive drives drove driving; \
        ride rides rode riding; sing sings sang singing; stand stands stood standing; win wins won winning; break breaks broke breaking; \
        stop stops stopped stopping; plan plans planned planning; shop shops shopped shopping; travel travels traveled traveling; \
        study studies studied studying; try tries tried trying; carry carries carried carrying; worry worries worried worrying
        """

    /// Regular verbs (their forms follow the spelling rules).
    private static let regular = """
        like want need work live play watch walk cook love look help start finish open close visit call ask answer \
        listen talk wait order book stay clean wash learn enjoy arrive move change check hope dance smile rent \
        prefer remember return decide agree explain invite miss practise practice cry believe guess hate mean
        """

    /// Every known verb by its base form.
    static let verbs: [String: Verb] = {
        var table: [String: Verb] = [:]
        for entry in irregular.split(separator: ";") {
            let f = entry.split(separator: " ").map(String.init)
            guard f.count == 4 else { continue }
            table[f[0]] = Verb(base: f[0], third: f[1], past: f[2], ing: f[3])
        }
        for word in regular.split(separator: " ").map(String.init) where table[word] == nil {
            table[word] = Verb(base: word, third: thirdPerson(word), past: pastTense(word), ing: presentParticiple(word))
        }
        return table
    }()

    /// A verb by any of its forms.
    static let verbByForm: [String: (verb: Verb, form: Form)] = {
        var table: [String: (Verb, Form)] = [:]
        for verb in verbs.values {
            table[verb.ing] = (verb, .ing)
            table[verb.past] = (verb, .past)
            table[verb.third] = (verb, .third)
            table[verb.base] = (verb, .base)
        }
        return table
    }()

    /// Which form of its verb a word is.
    enum Form: Sendable { case base, third, past, ing }

    /// Verbs whose bare form is often a noun or adjective as well ("a look", "it is open"), or
    /// whose past looks like the base ("read"): rules that could misread them skip them.
    static let ambiguousBase: Set<String> = [
        "work", "like", "need", "help", "love", "look", "walk", "cook", "drink", "play", "start", "finish", "open",
        "close", "call", "answer", "order", "book", "change", "check", "hope", "dance", "smile", "rent", "visit",
        "practice", "practise", "study", "travel", "shop", "plan", "stop", "watch", "wait", "stay", "try", "cry", "run",
        "swim", "wash", "clean", "move", "return", "miss", "ride", "drive", "win", "break", "sleep", "stand", "sit", "pay",
    ]

    /// Verbs of states and thoughts: said with the simple form, and a present "I think" stays
    /// right in a sentence about the past.
    static let stative: Set<String> = [
        "want", "know", "need", "like", "love", "understand", "have", "prefer", "remember", "agree", "think", "hope",
        "forget", "feel", "mean", "believe", "guess", "hate",
    ]

    static let singularSubjects: Set<String> = ["he", "she", "it"]
    static let nonThirdSubjects: Set<String> = ["i", "you", "we", "they"]
    static let personalSubjects = singularSubjects.union(nonThirdSubjects)
    static let pluralNouns: Set<String> = ["people", "children", "men", "women", "police"]
    static let modals: Set<String> = [
        "can", "could", "will", "would", "should", "must", "might", "can't", "cannot", "won't", "wouldn't",
        "couldn't", "shouldn't", "mustn't", "i'll", "you'll", "we'll", "they'll", "he'll", "she'll", "it'll",
    ]
    static let doForms: Set<String> = ["do", "does", "did", "don't", "doesn't", "didn't"]
    static let beForms: Set<String> = ["am", "is", "are", "was", "were", "i'm", "you're", "we're", "they're", "he's", "she's", "it's"]
    /// Words after which a pronoun's verb is not its own finite verb ("does she like", "let it go").
    static let governing: Set<String> = doForms.union(modals).union(["let", "make", "made", "help", "see", "saw", "watch", "hear", "heard", "if", "to"])
    static let determiners: Set<String> = [
        "a", "an", "the", "my", "your", "his", "her", "its", "our", "their", "this", "that", "these", "those", "some",
        "any", "no", "every", "each", "another", "one",
    ]

    /// Singular countable nouns learners often use with no article.
    static let countableNouns: Set<String> = [
        "student", "teacher", "doctor", "nurse", "engineer", "waiter", "waitress", "manager", "customer", "tourist",
        "driver", "lawyer", "cook", "chef", "designer", "programmer", "singer", "farmer", "pilot", "receptionist",
        "question", "problem", "car", "reservation", "room", "table", "ticket", "job", "idea", "appointment", "pen",
        "dog", "cat", "brother", "sister", "house", "bike", "phone", "umbrella", "apple", "menu", "receipt", "taxi",
    ]
    static let occupations: Set<String> = [
        "student", "teacher", "doctor", "nurse", "engineer", "waiter", "waitress", "manager", "customer", "tourist",
        "driver", "lawyer", "chef", "designer", "programmer", "singer", "farmer", "pilot", "receptionist",
    ]

    /// Uncountable nouns by the plural learners give them.
    static let uncountablePlurals: [String: String] = [
        "informations": "information", "advices": "advice", "furnitures": "furniture", "luggages": "luggage",
        "baggages": "baggage", "homeworks": "homework", "equipments": "equipment", "knowledges": "knowledge",
        "researches": "research", "evidences": "evidence", "feedbacks": "feedback", "softwares": "software",
        "traffics": "traffic", "sceneries": "scenery", "musics": "music", "vocabularies": "vocabulary",
    ]
    static let uncountable: Set<String> = Set(uncountablePlurals.values)

    /// Comparative and superlative forms, and what `more`/`most` + a plain adjective becomes.
    static let comparatives: Set<String> = [
        "better", "worse", "bigger", "smaller", "cheaper", "easier", "faster", "higher", "larger", "longer", "older",
        "younger", "happier", "nicer", "harder", "hotter", "colder", "taller", "shorter", "busier", "closer", "safer",
        "best", "worst", "biggest", "smallest", "cheapest", "easiest", "fastest", "highest", "largest", "longest",
        "oldest", "youngest", "happiest", "nicest", "hardest", "hottest", "coldest", "tallest", "shortest", "busiest",
    ]
    static let irregularComparison: [String: (comparative: String, superlative: String)] = [
        "good": ("better", "best"), "bad": ("worse", "worst"), "big": ("bigger", "biggest"), "cheap": ("cheaper", "cheapest"),
        "easy": ("easier", "easiest"), "fast": ("faster", "fastest"), "old": ("older", "oldest"), "small": ("smaller", "smallest"),
    ]

    /// Words said with a vowel sound although spelt with a consonant, and the other way round.
    static let anBeforeConsonantLetter: Set<String> = ["hour", "hours", "honest", "honour", "honor", "heir", "hourly"]
    static func startsWithYouSound(_ word: String) -> Bool {
        ["uni", "use", "usu", "uti", "eu", "one", "once", "ufo", "uranium", "ukulele", "euro"].contains { word.hasPrefix($0) }
    }

    static let pastMarkers: Set<String> = ["yesterday", "ago"]
    static let lastPeriods: Set<String> = [
        "night", "week", "month", "year", "weekend", "summer", "winter", "spring", "autumn", "time", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "holiday", "christmas",
    ]
    static let futureMarkers: Set<String> = ["will", "tomorrow", "next", "going", "i'll", "we'll", "you'll", "they'll", "soon"]

    private static func endsWithConsonantY(_ word: String) -> Bool {
        guard word.hasSuffix("y"), let before = word.dropLast().last else { return false }
        return !"aeiou".contains(before)
    }

    static func thirdPerson(_ base: String) -> String {
        if endsWithConsonantY(base) { return String(base.dropLast()) + "ies" }
        if ["s", "sh", "ch", "x", "o", "z"].contains(where: { base.hasSuffix($0) }) { return base + "es" }
        return base + "s"
    }

    static func pastTense(_ base: String) -> String {
        if endsWithConsonantY(base) { return String(base.dropLast()) + "ied" }
        if base.hasSuffix("e") { return base + "d" }
        return base + "ed"
    }

    static func presentParticiple(_ base: String) -> String {
        if base.hasSuffix("ie") { return String(base.dropLast(2)) + "ying" }
        if base.hasSuffix("e"), !base.hasSuffix("ee") { return String(base.dropLast()) + "ing" }
        return base + "ing"
    }
}
