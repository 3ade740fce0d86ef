import AI
import BSON
import Foundation

/// Picture-description practice: the pictures in a folder, each with a reference description
/// written once by a vision model, and feedback comparing a learner's description with it.
public struct ImagePracticeService: Sendable {
    let images: ImageRepository
    let model: any ChatModel
    /// The folder of `.png`, `.jpg`, `.jpeg` pictures.
    public let directory: URL

    public init(images: ImageRepository, model: any ChatModel, directory: URL) {
        self.images = images
        self.model = model
        self.directory = directory
    }

    static let describe = """
        Describe this picture as a model answer for the TOEIC "describe a picture" task, in neutral English that \
        takes 30 to 45 seconds to say: the overall scene, the people (how many, what they do and wear, clear \
        expressions), the main objects and where they are, indoors or outdoors, and briefly the atmosphere. Answer \
        with the description only.
        """

    /// The picture files, by name.
    public func files() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
    }

    /// The entries of the pictures present, describing new ones; entries of removed pictures go.
    /// - Throws: `AIProviderError` when a new picture cannot be described.
    public func practiceList() async throws -> [ImageEntry] {
        let present = files()
        var entries = try await images.all()
        for entry in entries where !present.contains(entry.file) { try await images.remove(id: entry.id) }
        entries.removeAll { !present.contains($0.file) }
        var result: [ImageEntry] = []
        for file in present {
            if var entry = entries.first(where: { $0.file == file }) {
                if entry.description.isEmpty {
                    entry.description = try await describe(file)
                    try await images.setDescription(entry.description, id: entry.id)
                }
                result.append(entry)
            } else {
                result.append(try await images.insert(file: file, description: try await describe(file)))
            }
        }
        return result
    }

    private func describe(_ file: String) async throws -> String {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        let type = (file as NSString).pathExtension.lowercased() == "png" ? "image/png" : "image/jpeg"
        let text = try await model.complete([ChatMessage(.user, Self.describe, imageDataURL: "data:\(type);base64,\(data.base64EncodedString())")], json: false)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The picture's bytes and content type.
    public func picture(id: String) async throws -> (Data, String)? {
        guard let entry = try await images.find(id: id) else { return nil }
        let url = directory.appendingPathComponent(entry.file)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (data, (entry.file as NSString).pathExtension.lowercased() == "png" ? "image/png" : "image/jpeg")
    }

    /// A better version of the learner's description and why; the original's texts when the
    /// model's answer is not the expected JSON.
    public func feedback(userID: String, imageID: String, transcription: String) async throws -> (betterVersion: String, explanation: String)? {
        guard let entry = try await images.find(id: imageID) else { return nil }
        let request = """
            Reference description of a picture:
            \(entry.description)
            A learner of English described the same picture like this:
            \(transcription)
            Write a better version of the learner's description, close to what they said, and explain the main \
            improvements simply. Answer with one JSON object: {"better_version": "...", "explanation": "..."}
            """
        let answer = try await model.complete([ChatMessage(.user, request)], json: true)
        var better = "Could not generate improved version"
        var explanation = "There was an error processing the feedback"
        if let members = JSONObjectExtraction.object(in: answer),
            case .string(let b)? = members.first(where: { $0.key == "better_version" })?.value,
            case .string(let e)? = members.first(where: { $0.key == "explanation" })?.value
        {
            better = b
            explanation = e
        }
        try await images.storeFeedback(userID: userID, imageID: imageID, transcription: transcription, betterVersion: better, explanation: explanation)
        return (better, explanation)
    }
}
