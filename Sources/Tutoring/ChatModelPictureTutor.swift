import AI
import BSON
import Domain
import Foundation

/// Picture practice through a chat model that can see: it writes a picture's reference
/// description once, and compares each learner's description with it.
public struct ChatModelPictureTutor: PictureTutoring {
    let model: any ChatModel

    public init(model: any ChatModel) { self.model = model }

    static let describeRequest = """
        Describe this picture as a model answer for the TOEIC "describe a picture" task, in neutral English that \
        takes 30 to 45 seconds to say: the overall scene, the people (how many, what they do and wear, clear \
        expressions), the main objects and where they are, indoors or outdoors, and briefly the atmosphere. Answer \
        with the description only.
        """

    /// The original service's texts when the model's answer is not the expected JSON.
    static let unreadableAnswer = PictureFeedback(
        betterVersion: "Could not generate improved version", explanation: "There was an error processing the feedback")

    /// - Throws: `AIProviderError`.
    public func describe(picture: Data, contentType: String) async throws -> String? {
        let url = "data:\(contentType);base64,\(picture.base64EncodedString())"
        let text = try await model.complete([ChatMessage(.user, Self.describeRequest, imageDataURL: url)], json: false)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// - Throws: `AIProviderError`.
    public func feedback(reference: String, description: String) async throws -> PictureFeedback {
        let request = """
            Reference description of a picture:
            \(reference)
            A learner of English described the same picture like this:
            \(description)
            Write a better version of the learner's description, close to what they said, and explain the main \
            improvements simply. Answer with one JSON object: {"better_version": "...", "explanation": "..."}
            """
        let answer = try await model.complete([ChatMessage(.user, request)], json: true)
        guard let members = JSONObjectExtraction.object(in: answer),
            case .string(let better)? = members.first(where: { $0.key == "better_version" })?.value,
            case .string(let explanation)? = members.first(where: { $0.key == "explanation" })?.value
        else { return Self.unreadableAnswer }
        return PictureFeedback(betterVersion: better, explanation: explanation)
    }
}
