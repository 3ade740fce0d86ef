import AI
import BSON
import Domain
import Foundation

/// Turns what a learner typed (their role, the AI's role, a situation) into a coherent role-play
/// and the AI's first line, through a chat model asked for one JSON object.
public struct ChatModelScenarioDesigner: ScenarioDesigning {
    let model: any ChatModel

    public init(model: any ChatModel) { self.model = model }

    static let instructions = """
        You design short spoken role-plays for people practising everyday English at a beginner \
        or intermediate level. You receive the learner's role, the AI partner's role and a \
        situation, as the learner typed them. Make them fit together: give each role one or two \
        plain words, describe the situation in one or two simple sentences, and write the AI \
        partner's first line, in character, ending with a question for the learner. You may give \
        the characters first names. Also say whether the AI partner is "female" or "male".
        Answer with exactly one JSON object and nothing else, with the string fields \
        refined_user_role, refined_ai_role, refined_situation, response and ai_gender.
        """

    /// - Throws: `AIProviderError` when the model fails or its answer lacks the fields.
    public func design(userRole: String, aiRole: String, situation: String) async throws -> Scenario {
        let request = "Learner's role: \(userRole)\nAI partner's role: \(aiRole)\nSituation: \(situation)"
        let answer = try await model.complete([ChatMessage(.system, Self.instructions), ChatMessage(.user, request)], json: true)
        guard let members = JSONObjectExtraction.object(in: answer) else {
            throw AIProviderError.badResponse("the scenario is not a JSON object")
        }
        var fields: [String: String] = [:]
        for member in members { if case .string(let s) = member.value { fields[member.key] = s.trimmingCharacters(in: .whitespacesAndNewlines) } }
        let required = ["refined_user_role", "refined_ai_role", "refined_situation", "response", "ai_gender"]
        let missing = required.filter { (fields[$0] ?? "").isEmpty }
        guard missing.isEmpty else {
            throw AIProviderError.badResponse("the scenario lacks \(missing.joined(separator: ", "))")
        }
        return Scenario(
            userRole: fields["refined_user_role"] ?? userRole, aiRole: fields["refined_ai_role"] ?? aiRole,
            situation: fields["refined_situation"] ?? situation, openingLine: fields["response"] ?? "",
            aiIsFemale: (fields["ai_gender"] ?? "").lowercased().contains("f"))
    }
}
