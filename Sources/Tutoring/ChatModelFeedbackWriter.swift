import AI
import BSON
import Domain
import Foundation

/// Writes a teacher's feedback on a learner's sentence through a chat model asked for JSON
/// `{user_feedback, detailed_feedback}`; the detailed part is kept only in the strict shape the
/// client reads.
public struct ChatModelFeedbackWriter: FeedbackWriting {
    let model: any ChatModel
    /// The language explanations are written in (`FEEDBACK_LANGUAGE`, default English).
    let language: String

    public init(model: any ChatModel, language: String = "English") {
        self.model = model
        self.language = language
    }

    func instructions() -> String {
        """
        You are a kind, precise English teacher. A learner said the sentence below during a role-play. Give feedback \
        in \(language): point out grammar and vocabulary mistakes with corrections, suggest a more natural way to say \
        it, and note what was good. Ignore punctuation and capitalisation (it was spoken). If the sentence is correct, \
        say so and do not invent mistakes. Answer with one JSON object only:
        {"user_feedback": "<the feedback as a short text for the learner>",
         "detailed_feedback": {"grammar_issues": [{"issue": "", "correction": "", "explanation": "", "severity": 1-5}],
                               "vocabulary_issues": [{"original": "", "better_alternative": "", "reason": "", "example_usage": ""}],
                               "positives": [""], "fluency": [""]}}
        """
    }

    /// - Throws: `AIProviderError` (the caller retries, then stores `Feedback.fallbackText`).
    public func write(sentence: String, conversation: Conversation, previous: [Message]) async throws -> (text: String, detailed: DetailedFeedback?) {
        let context = previous.prefix(10).map { "\($0.sender == .user ? "Learner" : "Partner"): \($0.content)" }.joined(separator: "\n")
        let request = """
            Role-play: the learner is \(conversation.userRole), the partner is \(conversation.aiRole). Situation: \(conversation.situation)
            Conversation so far:
            \(context)
            The learner's sentence: \(sentence)
            """
        let answer = try await model.complete([ChatMessage(.system, instructions()), ChatMessage(.user, request)], json: true)
        guard let members = JSONObjectExtraction.object(in: answer),
            case .string(let text)? = members.first(where: { $0.key == "user_feedback" })?.value,
            !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { throw AIProviderError.badResponse("the feedback has no user_feedback text") }
        let detailed = members.first { $0.key == "detailed_feedback" }.flatMap { Self.sanitize($0.value) }
        return (text.trimmingCharacters(in: .whitespacesAndNewlines), detailed)
    }

    /// The model's `detailed_feedback`, kept only as far as it has the expected shape: texts
    /// where texts belong (numbers taken as their text), severities 1–5 (3 when missing), other
    /// members dropped.
    static func sanitize(_ json: JSONValue) -> DetailedFeedback? {
        guard case .object(let members) = json else { return nil }
        func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }
        func items(_ key: String) -> [[JSONMember]] {
            guard case .array(let list)? = member(key) else { return [] }
            return list.compactMap { if case .object(let m) = $0 { return m } else { return nil } }
        }
        func text(_ m: [JSONMember], _ key: String) -> String {
            switch m.first(where: { $0.key == key })?.value {
            case .string(let s)?: return s
            case .number(let n)?: return n
            default: return ""
            }
        }
        let grammar = items("grammar_issues").map { m in
            var severity = 3
            if case .number(let n)? = m.first(where: { $0.key == "severity" })?.value, let v = Double(n), v.isFinite { severity = Int(max(1, min(5, v.rounded()))) }
            return DetailedFeedback.GrammarIssue(issue: text(m, "issue"), correction: text(m, "correction"), explanation: text(m, "explanation"), severity: severity)
        }
        let vocabulary = items("vocabulary_issues").map { m in
            DetailedFeedback.VocabularyIssue(
                original: text(m, "original"), betterAlternative: text(m, "better_alternative"), reason: text(m, "reason"), exampleUsage: text(m, "example_usage"))
        }
        func strings(_ key: String) -> [String] {
            guard case .array(let list)? = member(key) else { return [] }
            return list.compactMap { if case .string(let s) = $0, !s.isEmpty { return s } else { return nil } }
        }
        return DetailedFeedback(grammarIssues: grammar, vocabularyIssues: vocabulary, positives: strings("positives"), fluency: strings("fluency"))
    }
}
