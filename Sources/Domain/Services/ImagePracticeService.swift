import BSON
import Foundation

/// Picture-description practice: the pictures in a folder (or, while it has none, the ones
/// shipped in `seed/images`), each with a reference description — the `<name>.txt` beside the
/// picture, else written once by a vision model — and feedback comparing a learner's
/// description with it: from the configured tutor, or from the offline one. The configured tutor
/// is only spent on when the caller says it may (a signed-in learner).
public struct ImagePracticeService: Sendable {
    let images: ImageRepository
    /// The tutor the server is configured with (the chat model's, or the offline one).
    let tutor: any PictureTutoring
    /// The tutor for callers who may not spend on a provider (no network, no key).
    let offlineTutor: any PictureTutoring
    /// The folder of `.png`, `.jpg`, `.jpeg` pictures (`IMAGES_DIR`).
    public let directory: URL
    /// The pictures shipped with the server, used while `directory` has none.
    public let shippedDirectory: URL?

    public init(images: ImageRepository, tutor: any PictureTutoring, offlineTutor: any PictureTutoring, directory: URL, shippedDirectory: URL? = nil) {
        self.images = images
        self.tutor = tutor
        self.offlineTutor = offlineTutor
        self.directory = directory
        self.shippedDirectory = shippedDirectory
    }

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
    /// `mayUseProvider` and the configured tutor can see pictures — the tutor's; a picture with
    /// neither is left out until one of them can describe it.
    /// - Throws: the tutor's error when it fails to describe a new picture.
    public func practiceList(mayUseProvider: Bool) async throws -> [ImageEntry] {
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
            guard let description = try await reference(file, in: folder, mayUseProvider: mayUseProvider) else { continue }
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

    /// The `<name>.txt` beside the picture, else the configured tutor's description when allowed.
    private func reference(_ file: String, in folder: URL, mayUseProvider: Bool) async throws -> String? {
        let text = folder.appendingPathComponent((file as NSString).deletingPathExtension + ".txt")
        if let written = try? String(contentsOf: text, encoding: .utf8), !written.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return written.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard mayUseProvider else { return nil }
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        return try await tutor.describe(picture: data, contentType: Self.contentType(of: file))
    }

    private static func contentType(of file: String) -> String {
        (file as NSString).pathExtension.lowercased() == "png" ? "image/png" : "image/jpeg"
    }

    /// The picture's bytes and content type.
    public func picture(id: String) async throws -> (Data, String)? {
        guard let entry = try await images.find(id: id) else { return nil }
        let url = pictureDirectory().appendingPathComponent(entry.file)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (data, Self.contentType(of: entry.file))
    }

    /// A better version of the learner's description and why: from the configured tutor when
    /// `mayUseProvider`, else from the offline one. Kept in `image_feedback` either way.
    public func feedback(userID: String, imageID: String, transcription: String, mayUseProvider: Bool) async throws -> PictureFeedback? {
        guard let entry = try await images.find(id: imageID) else { return nil }
        let answer = try await (mayUseProvider ? tutor : offlineTutor).feedback(reference: entry.description, description: transcription)
        try await images.storeFeedback(
            userID: userID, imageID: imageID, transcription: transcription, betterVersion: answer.betterVersion, explanation: answer.explanation)
        return answer
    }
}
