import BSON
import DocumentStore

/// One change to the store, written to the data file as a BSON document shaped like a MongoDB
/// oplog entry (`op`, `ns`, `o`, `o2`) so the file reads with ordinary BSON tools:
///
/// | change | record |
/// |---|---|
/// | insert | `{op: "i", ns, o: document}` |
/// | update | `{op: "u", ns, o2: {_id}, o: whole new document}` |
/// | delete | `{op: "d", ns, o: {_id}}` |
/// | create index | `{op: "c", ns, o: {createIndexes: ns, key, name, unique?, sparse?}}` |
/// | drop index | `{op: "c", ns, o: {dropIndexes: ns, index: name}}` |
/// | drop collection | `{op: "c", ns, o: {drop: ns}}` |
/// | create collection | `{op: "c", ns, o: {create: ns}}` (written by compaction for empty ones) |
/// | atomic group | `{op: "g", ops: [record, …]}` — one frame, so all or nothing |
enum LogOperation: Sendable {
    case insert(collection: String, document: Document)
    case update(collection: String, id: BSONValue, document: Document)
    case delete(collection: String, id: BSONValue)
    case createIndex(collection: String, index: IndexModel)
    case dropIndex(collection: String, name: String)
    case dropCollection(String)
    case createCollection(String)

    var record: Document {
        switch self {
        case .insert(let ns, let document): return ["op": "i", "ns": .string(ns), "o": .document(document)]
        case .update(let ns, let id, let document):
            return ["op": "u", "ns": .string(ns), "o2": ["_id": id], "o": .document(document)]
        case .delete(let ns, let id): return ["op": "d", "ns": .string(ns), "o": ["_id": id]]
        case .createIndex(let ns, let index):
            var o: Document = ["createIndexes": .string(ns), "key": .document(index.keys), "name": .string(index.name ?? index.defaultName)]
            if index.unique { o["unique"] = true }
            if index.sparse { o["sparse"] = true }
            return ["op": "c", "ns": .string(ns), "o": .document(o)]
        case .dropIndex(let ns, let name):
            return ["op": "c", "ns": .string(ns), "o": ["dropIndexes": .string(ns), "index": .string(name)]]
        case .dropCollection(let ns):
            return ["op": "c", "ns": .string(ns), "o": ["drop": .string(ns)]]
        case .createCollection(let ns):
            return ["op": "c", "ns": .string(ns), "o": ["create": .string(ns)]]
        }
    }

    /// The BSON record of a write: one operation as itself, several as one atomic group.
    static func encode(_ operations: [LogOperation]) throws -> [UInt8] {
        if operations.count == 1 { return try operations[0].record.bsonBytes() }
        let group: Document = ["op": "g", "ops": .array(operations.map { .document($0.record) })]
        return try group.bsonBytes()
    }

    /// The operations of a record's bytes, read without building the record document.
    static func decode(recordBytes bytes: UnsafeRawBufferPointer) throws -> [LogOperation] {
        var op: BSONValue?
        var ns: BSONValue?
        var o: BSONValue?
        var o2: BSONValue?
        var ops: BSONValue?
        try Document.forEachField(inBSON: bytes) { key, value in
            switch key {
            case "op": op = value
            case "ns": ns = value
            case "o": o = value
            case "o2": o2 = value
            case "ops": ops = value
            default: break
            }
        }
        if case .string("i")? = op, case .string(let name)? = ns, case .document(let document)? = o {
            return [.insert(collection: name, document: document)]
        }
        var record = Document()
        for (key, value) in [("op", op), ("ns", ns), ("o", o), ("o2", o2), ("ops", ops)] {
            if let value { record.append(key, value) }
        }
        return try decode(record)
    }

    /// The operations of a record read back from the file.
    static func decode(_ record: Document) throws -> [LogOperation] {
        if record["op"] == "g" {
            guard case .array(let entries)? = record["ops"] else { throw malformed(record) }
            return try entries.map { entry in
                guard case .document(let d) = entry else { throw malformed(record) }
                return try single(d)
            }
        }
        return [try single(record)]
    }

    private static func single(_ record: Document) throws -> LogOperation {
        guard case .string(let op)? = record["op"], case .string(let ns)? = record["ns"], case .document(let o)? = record["o"] else {
            throw malformed(record)
        }
        switch op {
        case "i": return .insert(collection: ns, document: o)
        case "u":
            guard case .document(let o2)? = record["o2"], let id = o2["_id"] else { throw malformed(record) }
            return .update(collection: ns, id: id, document: o)
        case "d":
            guard let id = o["_id"] else { throw malformed(record) }
            return .delete(collection: ns, id: id)
        case "c":
            if case .document(let keys)? = o["key"], case .string(let name)? = o["name"] {
                return .createIndex(collection: ns, index: IndexModel(keys: keys, name: name, unique: o["unique"] == true, sparse: o["sparse"] == true))
            }
            if case .string(let name)? = o["index"] { return .dropIndex(collection: ns, name: name) }
            if o["drop"] != nil { return .dropCollection(ns) }
            if o["create"] != nil { return .createCollection(ns) }
            throw malformed(record)
        default:
            throw malformed(record)
        }
    }

    private static func malformed(_ record: Document) -> StoreError {
        StoreError.storageFailure("malformed log record: \(record.extendedJSON())")
    }
}
