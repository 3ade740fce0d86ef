import BSON
import DocumentStore

/// The `image_descriptions` (`{_id: "4821", name, detail_description}`) and `image_feedback`
/// (`{_id, user_id, image_id, user_transcription, feedback: {better_version, explanation}}`)
/// collections.
public struct ImageRepository: Sendable {
    private let descriptions: any DocumentCollection
    private let feedback: any DocumentCollection

    public init(store: any DocumentStore) {
        descriptions = store.collection("image_descriptions")
        feedback = store.collection("image_feedback")
    }

    public func all() async throws -> [ImageEntry] {
        try await descriptions.find().compactMap(Self.entry)
    }

    public func find(id: String) async throws -> ImageEntry? {
        try await descriptions.findOne(["_id": .string(id)]).flatMap(Self.entry)
    }

    private static func entry(_ d: Document) -> ImageEntry? {
        guard let id = d["_id"]?.stringValue, let name = d["name"]?.stringValue else { return nil }
        return ImageEntry(id: id, file: String(name.split(separator: "/").last ?? ""), description: d["detail_description"]?.stringValue ?? "")
    }

    /// Stores an entry under a fresh four-digit id (retrying on the rare collision).
    public func insert(file: String, description: String) async throws -> ImageEntry {
        for _ in 0..<50 {
            let entry = ImageEntry(id: String(Int.random(in: 1000...9999)), file: file, description: description)
            do {
                try await descriptions.insertOne(["_id": .string(entry.id), "name": .string(entry.name), "detail_description": .string(description)])
                return entry
            } catch let error as StoreError where error.code == 11000 {
                continue
            }
        }
        throw StoreError.duplicateKey("no free four-digit image id")
    }

    public func setDescription(_ description: String, id: String) async throws {
        try await descriptions.updateOne(["_id": .string(id)], ["$set": ["detail_description": .string(description)]])
    }

    public func remove(id: String) async throws {
        try await descriptions.deleteOne(["_id": .string(id)])
    }

    /// Keeps a learner's attempt and the feedback on it.
    public func storeFeedback(userID: String, imageID: String, transcription: String, betterVersion: String, explanation: String) async throws {
        try await feedback.insertOne([
            "_id": .string(String(Int.random(in: 1000...9999)) + "-" + ObjectId().hex), "user_id": .string(userID), "image_id": .string(imageID),
            "user_transcription": .string(transcription), "feedback": ["better_version": .string(betterVersion), "explanation": .string(explanation)],
        ])
    }
}
