import AI
import Domain
import Foundation

/// Offline role-play partner: reacts to what the learner just said (a greeting, thanks, a
/// question, yes or no, or a statement), built around its talking point (a noun phrase or a
/// verb with its object, `TalkingPoint`; never a lone adverb, pronoun or verb form), speaks as
/// its role, claims nothing the learner did not say, varies its wording from turn to turn, and
/// always ends with a question.
public struct RuleBasedConversationPartner: ConversationPartner {
    public init() {}

    enum Intent { case greeting, thanks, goodbye, question, yes, no, statement }

    static func intent(of sentence: String) -> Intent {
        let words = sentence.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        let first = words.first ?? ""
        if words.contains("bye") || words.contains("goodbye") { return .goodbye }
        if words.contains("thanks") || (words.contains("thank") && words.contains("you")) { return .thanks }
        if ["hello", "hi", "hey", "morning", "evening", "afternoon"].contains(first) { return .greeting }
        if sentence.trimmingCharacters(in: .whitespaces).hasSuffix("?")
            || ["what", "where", "when", "why", "how", "who", "which", "can", "could", "do", "does", "is", "are", "would", "may"].contains(first)
        { return .question }
        if ["yes", "yeah", "sure", "ok", "okay", "of"].contains(first) { return .yes }
        if ["no", "nope", "not"].contains(first) { return .no }
        return .statement
    }

    public func reply(in conversation: Conversation, history: [Message]) async throws -> String {
        let learner = history.last { $0.sender == .user }?.content ?? ""
        let said = " " + learner.lowercased().filter { $0.isLetter || $0 == " " || $0 == "'" } + " "
        let turn = history.filter { $0.sender == .ai }.count
        let previous = history.last { $0.sender == .ai }?.content
        let role = conversation.aiRole
        let point = TalkingPoint.find(in: learner)
        let seed = RuleBasedScenarioDesigner.stableIndex(learner + conversation.id.hex, modulo: 1_000) + turn
        func pick(_ options: [String]) -> String { options[seed % options.count] }
        func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
        let intent = Self.intent(of: learner)
        let reaction: String
        switch intent {
        case .greeting:
            // Only what the learner said is answered with "too".
            if said.contains(" nice to meet you ") {
                reaction = "Nice to meet you too!"
            } else if said.contains(" good to see you ") {
                reaction = "It's good to see you too!"
            } else if said.contains(" how are you ") {
                reaction = "I'm very well, thank you."
            } else {
                reaction = pick(["Hello, welcome!", "Hi there!", "Hello!"])
                    + (point.map { " " + pick(["\(capitalized($0.phrase)), I see.", "Oh, \($0.phrase)!"]) } ?? "")
            }
        case .thanks: reaction = pick(["You're very welcome.", "My pleasure!", "No problem at all."])
        case .goodbye: reaction = pick(["It was lovely talking to you.", "Thank you for coming by."])
        case .yes: reaction = pick(["Great, let's do that.", "Perfect.", "Wonderful, that works."])
        case .no: reaction = pick(["That's all right.", "No problem, we can find another way.", "I understand."])
        case .question:
            reaction = (point?.thing ?? point?.phrase).map { pick(["Good question about \($0).", "Ah, \($0). Let me think.", "\(capitalized($0))? Let me check."]) }
                ?? pick(["Good question.", "Let me think about that.", "Sure, I can help with that."])
        case .statement:
            switch point?.kind {
            case .action?:
                let phrase = point?.phrase ?? ""
                reaction = pick(["\(capitalized(phrase)), I see.", "Oh, \(phrase)!", "I see, \(phrase)."])
            case .thing?:
                let phrase = point?.phrase ?? ""
                reaction = pick(["Oh, \(phrase)!", "\(capitalized(phrase)), I see.", "Thanks for telling me about \(phrase)."])
            case nil:
                reaction = pick(["I see.", "Okay, I understand.", "Thanks for telling me."])
            }
        }
        let context: String
        switch intent {
        case .question:
            context = pick(["As your \(role), I'll do my best to help.", "I'm happy to help, as your \(role).", "As your \(role), I know this well."])
        case .statement:
            context = pick([
                "As your \(role), I want this to go well for you.",
                "I'm happy to help, as your \(role).",
                "Speaking as your \(role), that's good to know.",
                "As your \(role), I'm listening.",
            ])
        case .goodbye: context = "It was a pleasure to be your \(role) today."
        case .greeting, .thanks, .yes, .no: context = pick(["As your \(role), I'm here to help.", "I'm happy to help, as your \(role)."])
        }
        var questions = intent == .goodbye
            ? ["Is there anything else I can do for you?", "Will I see you again soon?"]
            : ["What would you like to do next?", "Could you tell me a little more?", "What is most important for you here?", "How does that sound to you?"]
        if intent != .goodbye, let point, point.kind == .action || Self.isDefinite(point.phrase) {
            questions += ["Can you tell me more about \(point.phrase)?"]
        }
        var answer = "\(reaction) \(context) \(pick(questions))"
        if answer == previous { answer = "\(reaction) \(context) \(questions[(seed + 1) % questions.count])" }
        return answer
    }

    /// Whether a noun phrase names something both speakers know ("your sister", "the menu").
    static func isDefinite(_ phrase: String) -> Bool {
        ["the ", "your ", "my ", "this ", "these ", "his ", "her ", "their "].contains { phrase.hasPrefix($0) }
    }
}
