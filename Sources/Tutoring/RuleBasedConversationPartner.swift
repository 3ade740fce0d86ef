import AI
import Domain
import Foundation

/// Offline role-play partner: reacts to what the learner just said (a greeting, thanks, a
/// question, yes or no, or a statement whose key words it picks up), stays in its role and the
/// situation, varies its wording from turn to turn, and always ends with an open question.
public struct RuleBasedConversationPartner: ConversationPartner {
    public init() {}

    enum Intent { case greeting, thanks, goodbye, question, yes, no, statement }

    static let ignored: Set<String> = [
        "i", "you", "he", "she", "it", "we", "they", "me", "my", "your", "a", "an", "the", "is", "am", "are", "was", "were",
        "be", "to", "of", "and", "or", "but", "in", "on", "at", "for", "with", "do", "does", "did", "can", "could", "would",
        "will", "should", "have", "has", "had", "like", "want", "need", "please", "yes", "no", "not", "this", "that", "there",
        "here", "what", "when", "where", "how", "why", "who", "so", "very", "really", "just", "some", "any", "about", "it's",
        "i'm", "i'd", "don't", "go", "get", "got", "make", "think", "know", "okay", "ok", "well", "um", "uh", "hello", "hi", "thanks", "thank",
    ]

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

    /// The learner's most telling words: the last run of up to three words that are not
    /// function words.
    static func topic(of sentence: String) -> String? {
        let words = sentence.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" }).map(String.init)
        var best: [String] = []
        var run: [String] = []
        for word in words {
            if ignored.contains(word.lowercased()) || word.count < 3 {
                if !run.isEmpty { best = run }
                run = []
            } else {
                run.append(word.lowercased())
            }
        }
        if !run.isEmpty { best = run }
        return best.isEmpty ? nil : best.suffix(3).joined(separator: " ")
    }

    public func reply(in conversation: Conversation, history: [Message]) async throws -> String {
        let learner = history.last { $0.sender == .user }?.content ?? ""
        let turn = history.filter { $0.sender == .ai }.count
        let previous = history.last { $0.sender == .ai }?.content
        let role = conversation.aiRole
        let topic = Self.topic(of: learner)
        let seed = RuleBasedScenarioDesigner.stableIndex(learner + conversation.id.hex, modulo: 1_000) + turn
        func pick(_ options: [String]) -> String { options[seed % options.count] }
        let reaction: String
        switch Self.intent(of: learner) {
        case .greeting: reaction = pick(["Hello, nice to meet you!", "Hi! It's good to see you.", "Good to see you too!"])
        case .thanks: reaction = pick(["You're very welcome.", "My pleasure!", "No problem at all."])
        case .goodbye: reaction = pick(["It was lovely talking to you.", "Thank you for coming by."])
        case .yes: reaction = pick(["Great, let's do that.", "Perfect.", "Wonderful, that works."])
        case .no: reaction = pick(["That's all right.", "No problem, we can find another way.", "I understand."])
        case .question:
            reaction = topic.map { pick(["Good question about \($0).", "Let me tell you about \($0).", "Ah, \($0). As your \(role), I can help with that."]) }
                ?? pick(["Good question.", "Let me think about that.", "Sure, I can help with that."])
        case .statement:
            reaction = topic.map { pick(["\($0.prefix(1).uppercased() + $0.dropFirst()) sounds good.", "I see, \($0).", "Thanks for telling me about \($0).", "Oh, \($0)! That's interesting."]) }
                ?? pick(["I see.", "Okay, I understand.", "Thanks for telling me."])
        }
        let context = pick([
            "As your \(role), I want this to go well for you.",
            "That's something I hear a lot as a \(role).",
            "I'm happy to help with that.",
            "Let's keep going.",
        ])
        var questions = [
            "What would you like to do next?",
            "How do you feel about that?",
            "Could you tell me a little more about it?",
            "What is most important for you here?",
            "Why did you choose that?",
        ]
        if let topic { questions += ["What do you like most about \(topic)?", "How often do you think about \(topic)?"] }
        var answer = "\(reaction) \(context) \(pick(questions))"
        if answer == previous { answer = "\(reaction) \(questions[(seed + 1) % questions.count])" }
        return answer
    }
}
