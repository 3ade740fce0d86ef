import BSON
import DocumentStore
import Foundation

/// Moves collections between a `DocumentStore` and files in the formats of MongoDB's tools.
public enum StoreTransfer {
    /// The export formats.
    public enum Format: String, Sendable, CaseIterable {
        /// mongoexport: relaxed Extended JSON, one document a line (`COLLECTION.json`).
        case json
        /// mongodump: BSON documents back to back (`COLLECTION.bson`) and `COLLECTION.metadata.json`.
        case bson
    }

    /// Writes every collection (or the named ones) to `directory`, documents in stored order.
    /// - Returns: each collection's document count.
    @discardableResult
    public static func export(_ store: any DocumentStore, to directory: URL, format: Format, collections names: [String]? = nil) async throws -> [(String, Int)] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var counts: [(String, Int)] = []
        var chosen = names ?? []
        if names == nil { chosen = try await store.listCollections().sorted() }
        for name in chosen {
            let collection = store.collection(name)
            if format == .bson {
                let indexes = try await collection.listIndexes().map { BSONValue.document($0.description) }
                let metadata: Document = ["indexes": .array(indexes), "collectionName": .string(name)]
                try Data(metadata.extendedJSONBytes(.canonical)).write(to: directory.appendingPathComponent("\(name).metadata.json"), options: .atomic)
            }
            let count = try await writeDocuments(of: collection, to: directory.appendingPathComponent("\(name).\(format.rawValue)"), format: format)
            counts.append((name, count))
        }
        return counts
    }

    /// Writes a collection's documents in stored order a batch at a time (memory holds one
    /// batch, not the collection) into a temporary file beside `file`, then renames it there.
    /// - Returns: how many were written.
    private static func writeDocuments(of collection: any DocumentCollection, to file: URL, format: Format) async throws -> Int {
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: partial.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            let cursor = try await collection.openCursor(Document(), options: FindOptions())
            var count = 0
            while !cursor.isExhausted {
                let batch = try await cursor.next(count: 10_000, maximumBytes: 16 << 20)
                var out: [UInt8] = []
                for document in batch {
                    switch format {
                    case .json:
                        out += document.extendedJSONBytes(.relaxed)
                        out.append(UInt8(ascii: "\n"))
                    case .bson:
                        out += try document.bsonBytes()
                    }
                }
                try handle.write(contentsOf: out)
                count += batch.count
            }
            try handle.synchronize()
            // rename(2) replaces an older export in one step.
            guard rename(partial.path, file.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
            }
            return count
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    /// Checks every file before writing anything — readable, no `_id` twice in the input, none
    /// already stored (unless `drop`) — then drops (with `drop`), creates the indexes and inserts.
    /// - Returns: each collection's inserted count.
    /// - Throws: `TransferError` with the file and line (or byte offset) of the first problem.
    @discardableResult
    public static func importFiles(_ files: [ImportFile], into store: any DocumentStore, drop: Bool = false) async throws -> [(String, Int)] {
        var seen: [String: [HashableBSON: (String, Int)]] = [:]
        for file in files {
            let collection = store.collection(file.collection)
            for entry in file.entries {
                guard let id = entry.document["_id"] else { continue }
                let key = HashableBSON(id)
                if let (otherSource, otherPosition) = seen[file.collection]?[key] {
                    throw TransferError(source: file.source, position: entry.position, isByteOffset: file.isBSON,
                        message: "duplicate _id \(id.extendedJSON()) (also at \(otherSource) \(file.isBSON ? "byte" : "line") \(otherPosition))")
                }
                seen[file.collection, default: [:]][key] = (file.source, entry.position)
                if !drop, try await collection.findOne(["_id": id], options: FindOptions(limit: 1)) != nil {
                    throw TransferError(source: file.source, position: entry.position, isByteOffset: file.isBSON,
                        message: "_id \(id.extendedJSON()) is already in collection '\(file.collection)' (use --drop to replace the collection)")
                }
                let size = try entry.document.bsonBytes().count
                guard size <= 16 << 20 else {
                    throw TransferError(source: file.source, position: entry.position, isByteOffset: file.isBSON, message: "document of \(size) bytes is over the 16 MiB limit")
                }
            }
        }
        var counts: [(String, Int)] = []
        for file in files {
            let collection = store.collection(file.collection)
            if drop { try await collection.drop() }
            for index in file.indexes {
                guard let model = IndexModel(describedBy: index), model.name != "_id_" else { continue }
                _ = try await collection.createIndex(model)
            }
            var inserted = 0
            for start in stride(from: 0, to: file.entries.count, by: 1000) {
                let batch = file.entries[start..<min(file.entries.count, start + 1000)].map(\.document)
                inserted += try await collection.insertMany(batch).count
            }
            counts.append((file.collection, inserted))
        }
        return counts
    }
}
