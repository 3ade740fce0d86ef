import AI
import BSON
import Foundation

/// Picture-description practice: the pictures in a folder (or, while it has none, the ones
/// shipped in `seed/images`), each with a reference description — the `<name>.txt` beside the
/// picture, else written once by a vision model — and feedback comparing a learner's
/// description with it: from the chat model, or offline from the learner-error checker. The
/// model is only spent on when the caller says it may (a signed-in learner).
public struct ImagePracticeService: Sendable {
    let images: ImageRepository
    /// The chat model that describes pictures and writes feedback; `nil` offline.
    let model: (any ChatModel)?
    /// The folder of `.png`, `.jpg`, `.jpeg` pictures (`IMAGES_DIR`).
    public let directory: URL
    /// The pictures shipped with the server, used while `directory` has none.
    public let shippedDirectory: URL?
    private let offline = OfflinePictureFeedback()

    public init(images: ImageRepository, model: (any ChatModel)?, directory: URL, shippedDirectory: URL? = nil) {
        self.images = images
        self.model = model
        self.directory = directory
        self.shippedDirectory = shippedDirectory
    }

    static let describe = """
        Describe this picture as a model answer for the TOEIC "describe a picture" task, in neutral English that \
        takes 30 to 45 seconds to say: the overall scene, the people (how many, what they do and wear, clear \
        expressions), the main objects and where they are, indoors or outdoors, and briefly the atmosphere. Answer \
        with the description only.
        """

    /// The folder pictures come from now: `directory`, or the shipped pictures while it has none.
    public func pictureDirectory() -> URL {
        if Self.pictures(in: directory).isEmpty, let shippedDirectory, !Self.pictures(in: shippedDirectory).isEmpty { return shippedDirectory }
        return directory
    }

    /// The picture files, by name.
    public func files() -> [String] { Self.pictures(in: pictureDirectory()) }

    private static func pictures(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
    }

    /// The entries of the pictures present that have a reference description; entries of
    /// removed pictures go. A new picture's description is its `.txt`, else — when
    /// `mayUseModel` and a model is configured — the model's; a picture with neither is left
    /// out until one of them can describe it.
    /// - Throws: `AIProviderError` when the model fails to describe a new picture.
    public func practiceList(mayUseModel: Bool) async throws -> [ImageEntry] {
        let folder = pictureDirectory()
        let present = Self.pictures(in: folder)
        var entries = try await images.all()
        for entry in entries where !present.contains(entry.file) { try await images.remove(id: entry.id) }
        entries.removeAll { !present.contains($0.file) }
        var result: [ImageEntry] = []
        for file in present {
            let existing = entries.first(where: { $0.file == file })
            if let existing, !existing.description.isEmpty {
                result.append(existing)
                continue
            }
            guard let description = try await reference(file, in: folder, mayUseModel: mayUseModel) else { continue }
            if var entry = existing {
                entry.description = description
                try await images.setDescription(description, id: entry.id)
                result.append(entry)
            } else {
                result.append(try await images.insert(file: file, description: description))
            }
        }
        return result
    }

    /// The `<name>.txt` beside the picture, else the model's description when allowed.
    private func reference(_ file: String, in folder: URL, mayUseModel: Bool) async throws -> String? {
        let text = folder.appendingPathComponent((file as NSString).deletingPathExtension + ".txt")
        if let written = try? String(contentsOf: text, encoding: .utf8), !written.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return written.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard mayUseModel, let model else { return nil }
        return try await describe(file, in: folder, model: model)
    }

    private func describe(_ file: String, in folder: URL, model: any ChatModel) async throws -> String {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        let type = (file as NSString).pathExtension.lowercased() == "png" ? "image/png" : "image/jpeg"
        let text = try await model.complete([ChatMessage(.user, Self.describe, imageDataURL: "data:\(type);base64,\(data.base64EncodedString())")], json: false)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The picture's bytes and content type.
    public func picture(id: String) async throws -> (Data, String)? {
        guard let entry = try await images.find(id: id) else { return nil }
        let url = pictureDirectory().appendingPathComponent(entry.file)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (data, (entry.file as NSString).pathExtension.lowercased() == "png" ? "image/png" : "image/jpeg")
    }

    /// A better version of the learner's description and why: from the model when `mayUseModel`
    /// and one is configured (the original's texts when its answer is not the expected JSON),
    /// else offline (`OfflinePictureFeedback`). Kept in `image_feedback` either way.
    public func feedback(userID: String, imageID: String, transcription: String, mayUseModel: Bool) async throws -> (betterVersion: String, explanation: String)? {
        guard let entry = try await images.find(id: imageID) else { return nil }
        let answer: (betterVersion: String, explanation: String)
        if mayUseModel, let model {
            answer = try await modelFeedback(reference: entry.description, transcription: transcription, model: model)
        } else {
            answer = offline.feedback(reference: entry.description, description: transcription)
        }
        try await images.storeFeedback(
            userID: userID, imageID: imageID, transcription: transcription, betterVersion: answer.betterVersion, explanation: answer.explanation)
        return answer
    }

    private func modelFeedback(reference: String, transcription: String, model: any ChatModel) async throws -> (betterVersion: String, explanation: String) {
        let request = """
            Reference description of a picture:
            \(reference)
            A learner of English described the same picture like this:
            \(transcription)
            Write a better version of the learner's description, close to what they said, and explain the main \
            improvements simply. Answer with one JSON object: {"better_version": "...", "explanation": "..."}
            """
        let answer = try await model.complete([ChatMessage(.user, request)], json: true)
        if let members = JSONObjectExtraction.object(in: answer),
            case .string(let better)? = members.first(where: { $0.key == "better_version" })?.value,
            case .string(let explanation)? = members.first(where: { $0.key == "explanation" })?.value
        {
            return (better, explanation)
        }
        return ("Could not generate improved version", "There was an error processing the feedback")
    }
}
