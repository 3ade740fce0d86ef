/// Word sequences learners often get wrong, with the right phrase and why. `#` in a pattern
/// matches a number ("2", "two") and is carried into the correction.
struct PhraseCorrections {
    var wrong: [String]
    var right: String
    var rule: LearnerFinding.Rule
    var explanation: String

    private init(_ wrong: String, _ right: String, _ rule: LearnerFinding.Rule, _ explanation: String) {
        self.wrong = wrong.split(separator: " ").map(String.init)
        self.right = right
        self.rule = rule
        self.explanation = explanation
    }

    static let all: [PhraseCorrections] = [
        .init("depend of", "depend on", .preposition, "We say \"depend on\" something."),
        .init("depends of", "depends on", .preposition, "We say \"depend on\" something."),
        .init("interested about", "interested in", .preposition, "We are \"interested in\" something."),
        .init("married with", "married to", .preposition, "We are \"married to\" someone."),
        .init("good in", "good at", .preposition, "We are \"good at\" an activity."),
        .init("discuss about", "discuss", .preposition, "\"Discuss\" takes its object directly: discuss the plan."),
        .init("explain me", "explain to me", .preposition, "We explain something \"to\" someone."),
        .init("listen music", "listen to music", .preposition, "We \"listen to\" something."),
        .init("since # years", "for # years", .preposition, "Use \"for\" with a length of time and \"since\" with a starting point."),
        .init("since # months", "for # months", .preposition, "Use \"for\" with a length of time and \"since\" with a starting point."),
        .init("since # days", "for # days", .preposition, "Use \"for\" with a length of time and \"since\" with a starting point."),
        .init("since # weeks", "for # weeks", .preposition, "Use \"for\" with a length of time and \"since\" with a starting point."),
        .init("make a photo", "take a photo", .collocation, "In English you \"take\" a photo."),
        .init("make photos", "take photos", .collocation, "In English you \"take\" photos."),
        .init("do a mistake", "make a mistake", .collocation, "In English you \"make\" a mistake."),
        .init("do mistakes", "make mistakes", .collocation, "In English you \"make\" mistakes."),
        .init("make my homework", "do my homework", .collocation, "In English you \"do\" homework."),
        .init("make homework", "do homework", .collocation, "In English you \"do\" homework."),
        .init("open the light", "turn on the light", .collocation, "Lights are turned on and off, not opened or closed."),
        .init("close the light", "turn off the light", .collocation, "Lights are turned on and off, not opened or closed."),
        .init("say me", "tell me", .collocation, "\"Tell\" takes the person directly (tell me); \"say\" does not."),
        .init("very like", "really like", .collocation, "\"Very\" cannot describe a verb; say \"really like\" or \"like very much\"."),
        .init("much people", "many people", .collocation, "\"People\" is countable: many people."),
        .init("borrow me", "lend me", .collocation, "You \"lend\" something to someone; you \"borrow\" from someone."),
    ]
}
