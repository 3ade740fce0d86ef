import BSON
import DocumentStore
import Foundation

/// A folder of demo data (the project's `seed/`): one export file per collection, and the
/// recordings its `audio` documents point to under `uploads/`.
public struct SeedFolder: Sendable {
    /// What applying the seed did.
    public enum Outcome: Sendable, Equatable {
        /// The documents were inserted: each collection's count.
        case seeded([String: Int])
        /// Every seed document was already stored; nothing was written.
        case alreadySeeded(documents: Int)
    }

    public let folder: URL
    public let files: [ImportFile]

    /// Reads every export file of `folder`.
    /// - Throws: `TransferError` naming the file and line of the first problem.
    public init(folder: URL) throws {
        self.folder = folder
        files = try ImportFile.readFolder(folder.path)
        guard !files.isEmpty else { throw TransferError(source: folder.path, message: "no .json or .bson files to seed from") }
    }

    /// Inserts the seed documents, all or nothing. Run again, it changes nothing; with `reset`,
    /// the seed's own documents are deleted and inserted afresh (other documents are untouched).
    /// - Throws: `TransferError` when only some seed documents are stored (without `reset`).
    public func apply(to store: any DocumentStore, reset: Bool) async throws -> Outcome {
        let idsByFile = files.map { file in (file.collection, BSONValue.array(file.entries.compactMap { $0.document["_id"] })) }
        let total = files.reduce(0) { $0 + $1.entries.count }
        var stored = 0
        for (collection, ids) in idsByFile {
            stored += try await store.collection(collection).countDocuments(["_id": ["$in": ids]])
        }
        if stored == total && !reset { return .alreadySeeded(documents: stored) }
        if stored > 0 {
            guard reset else {
                throw TransferError(source: folder.path, message: "\(stored) of the \(total) seed documents are already stored and the rest are not (use --reset to restore the seed)")
            }
            for (collection, ids) in idsByFile {
                try await store.collection(collection).deleteMany(["_id": ["$in": ids]])
            }
        }
        let counts = try await StoreTransfer.importFiles(files, into: store)
        return .seeded(Dictionary(counts, uniquingKeysWith: +))
    }

    /// Copies the seed's recordings (`uploads/…`) into `dataDirectory`, keeping files already
    /// there. Returns how many were copied.
    public func copyUploads(into dataDirectory: URL) throws -> Int {
        let uploads = folder.appendingPathComponent("uploads")
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: uploads.path) else { return 0 }
        var copied = 0
        for case let relative as String in walker {
            let from = uploads.appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: from.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let to = dataDirectory.appendingPathComponent("uploads").appendingPathComponent(relative)
            guard !manager.fileExists(atPath: to.path) else { continue }
            try manager.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: from, to: to)
            copied += 1
        }
        return copied
    }
}
