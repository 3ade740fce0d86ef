import BSON
import Foundation

/// One collection's documents read from an export: mongoexport-style JSON lines (relaxed or
/// canonical Extended JSON, one document a line), a JSON array of documents, or mongodump-style
/// `.bson` (documents back to back, with indexes in a `.metadata.json` beside it).
public struct ImportFile: Sendable {
    /// A document and where it stood (line, or byte offset for BSON).
    public struct Entry: Sendable {
        public var document: Document
        public var position: Int
    }

    public var collection: String
    public var source: String
    public var isBSON: Bool
    public var entries: [Entry]
    /// Index descriptions from `.metadata.json` (`{v, key, name, unique?, sparse?}`).
    public var indexes: [Document]

    /// Reads every export file in `folder` (`.json` except `.metadata.json`, and `.bson`), in
    /// name order.
    /// - Throws: `TransferError` for the first unreadable file.
    public static func readFolder(_ folder: String) throws -> [ImportFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw TransferError(source: folder, message: "cannot list the folder")
        }
        return try names
            .filter { ($0.hasSuffix(".json") && !$0.hasSuffix(".metadata.json")) || $0.hasSuffix(".bson") }
            .map { try read(path: (folder as NSString).appendingPathComponent($0)) }
    }

    /// Reads `path`; the collection is the file name without `.json`/`.bson` unless given.
    /// Documents without `_id` get a new ObjectId first, as mongoimport does.
    /// - Throws: `TransferError` naming the line (or byte offset) of the first problem.
    public static func read(path: String, collection: String? = nil) throws -> ImportFile {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else { throw TransferError(source: name, message: "cannot read the file") }
        let bytes = [UInt8](data)
        let isBSON = url.pathExtension.lowercased() == "bson"
        let target = collection ?? url.deletingPathExtension().lastPathComponent
        guard !target.isEmpty, !target.contains("$"), !target.hasPrefix("system.") else {
            throw TransferError(source: name, message: "'\(target)' is not a valid collection name")
        }
        var entries = isBSON ? try bsonEntries(bytes, source: name) : try jsonEntries(bytes, source: name)
        for i in entries.indices where entries[i].document["_id"] == nil {
            entries[i].document.insert("_id", .objectId(ObjectId()), at: 0)
        }
        var indexes: [Document] = []
        let metadataPath = url.deletingPathExtension().path + ".metadata.json"
        if isBSON, let metadata = FileManager.default.contents(atPath: metadataPath) {
            let document = try wrap(source: URL(fileURLWithPath: metadataPath).lastPathComponent, line: 1) { try Document(extendedJSON: [UInt8](metadata)) }
            indexes = document["indexes"]?.arrayValue?.compactMap(\.documentValue) ?? []
        }
        return ImportFile(collection: target, source: name, isBSON: isBSON, entries: entries, indexes: indexes)
    }

    private static func wrap<T>(source: String, line: Int, isByteOffset: Bool = false, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BSONError {
            throw TransferError(source: source, position: line, isByteOffset: isByteOffset, message: error.message)
        }
    }

    static func jsonEntries(_ bytes: [UInt8], source: String) throws -> [Entry] {
        guard let first = bytes.firstIndex(where: { !" \t\r\n".utf8.contains($0) }) else { return [] }
        if bytes[first] == UInt8(ascii: "[") {
            let json = try wrap(source: source, line: 1) { try JSONValue(parsing: bytes) }
            guard case .array(let items) = json else { throw TransferError(source: source, position: 1, message: "expected a JSON array of documents") }
            return try items.enumerated().map { n, item in
                guard case .object = item else { throw TransferError(source: source, position: 1, message: "element \(n) of the array is not a document") }
                guard case .document(let document) = try wrap(source: source, line: 1, { try BSONValue(extendedJSON: item) }) else {
                    throw TransferError(source: source, position: 1, message: "element \(n) is a type wrapper, not a document")
                }
                return Entry(document: document, position: n + 1)
            }
        }
        var entries: [Entry] = []
        var line = 1
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
            let slice = Array(bytes[start..<index])
            if slice.contains(where: { !" \t\r".utf8.contains($0) }) {
                let document = try wrap(source: source, line: line) { try Document(extendedJSON: slice) }
                entries.append(Entry(document: document, position: line))
            }
            line += 1
            start = index + 1
        }
        return entries
    }

    static func bsonEntries(_ bytes: [UInt8], source: String) throws -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else { throw TransferError(source: source, position: offset, isByteOffset: true, message: "truncated document length") }
            let length = Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
            guard length >= 5, offset + length <= bytes.count else {
                throw TransferError(source: source, position: offset, isByteOffset: true, message: "document length \(length) runs past the end of the file")
            }
            let document = try wrap(source: source, line: offset, isByteOffset: true) { try Document(bsonBytes: bytes[offset..<(offset + length)]) }
            entries.append(Entry(document: document, position: offset))
            offset += length
        }
        return entries
    }
}
