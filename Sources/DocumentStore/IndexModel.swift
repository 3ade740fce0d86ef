import BSON

/// An index to create: its key pattern (`["conversation_id": 1, "timestamp": 1]`), name and
/// options, as in MongoDB's `createIndexes`.
public struct IndexModel: Sendable, Equatable {
    /// Field paths and directions (1 or -1), in order.
    public var keys: Document
    /// The name; MongoDB's default (`conversation_id_1_timestamp_1`) when `nil`.
    public var name: String?
    /// Whether two documents may not share a key.
    public var unique: Bool
    /// Whether documents missing every indexed field are left out of the index.
    public var sparse: Bool
    /// How the index compares strings (`nil`: by bytes); a query uses it only with the same.
    public var collation: Collation?

    public init(keys: Document, name: String? = nil, unique: Bool = false, sparse: Bool = false, collation: Collation? = nil) {
        self.keys = keys
        self.name = name
        self.unique = unique
        self.sparse = sparse
        self.collation = collation
    }

    /// The index a `listIndexes` description (or a mongodump `metadata.json` entry) names, or
    /// `nil` when it has no key pattern.
    public init?(describedBy description: Document) {
        guard let keys = description["key"]?.documentValue, !keys.isEmpty else { return nil }
        let collation = description["collation"]?.documentValue.flatMap { try? Collation($0) }
        self.init(keys: keys, name: description["name"]?.stringValue,
                  unique: description["unique"]?.boolValue ?? false, sparse: description["sparse"]?.boolValue ?? false, collation: collation)
    }

    /// The name MongoDB would give this key pattern.
    public var defaultName: String {
        keys.map { key, value in "\(key)_\(value.exactInt64.map(String.init) ?? value.stringValue ?? "1")" }.joined(separator: "_")
    }

    /// The index as `listIndexes` describes it: `{v: 2, key: …, name: …, unique: true?, collation: …?}`.
    public var description: Document {
        var d: Document = ["v": 2, "key": .document(keys), "name": .string(name ?? defaultName)]
        if unique { d["unique"] = true }
        if sparse { d["sparse"] = true }
        if let collation { d["collation"] = .document(collation.document) }
        return d
    }
}
