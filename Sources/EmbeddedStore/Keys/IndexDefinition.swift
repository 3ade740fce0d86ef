import BSON
import DocumentStore

/// A secondary index as the catalog holds it: its model, the SQLite table of its entries, and
/// whether any document has put an array into it (multikey, as MongoDB tracks it: never unset).
struct IndexDefinition: Sendable, Equatable {
    let model: IndexModel
    let name: String
    let table: String
    let paths: [FieldPath]
    let descending: [Bool]
    var multikey: Bool
    /// The collation its string keys are folded by; `nil` when it compares bytes.
    let collation: Collation?

    /// - Throws: `StoreError.badValue` for an empty key pattern or a direction other than 1 / -1.
    init(_ model: IndexModel, table: String, multikey: Bool = false) throws {
        guard !model.keys.isEmpty else { throw StoreError.badValue("Index keys cannot be empty.") }
        for (key, value) in model.keys {
            guard value.exactInt64 == 1 || value.exactInt64 == -1 else {
                throw StoreError.badValue("Values in the index key pattern can only be 1 or -1, found \(key): \(value.extendedJSON())")
            }
        }
        self.model = model
        name = model.name ?? model.defaultName
        self.table = table
        paths = try model.keys.fieldNames.map(FieldPath.init)
        descending = model.keys.fieldValues.map { $0.exactInt64 == -1 }
        self.multikey = multikey
        collation = Collation.folding(model.collation)
    }

    /// Whether this index has the same definition as a requested one.
    func isSame(as other: IndexModel) -> Bool {
        model.keys == other.keys && model.unique == other.unique && model.sparse == other.sparse && model.collation == other.collation
            && name == (other.name ?? other.defaultName)
    }

    /// The index keys of a document (de-duplicated, each the fields' keys concatenated, a
    /// descending field inverted), and whether an array produced them. Empty when the index is
    /// sparse and the document has none of its fields. A missing field is keyed as null, an
    /// empty array as undefined, an array by each element, as MongoDB does.
    func keys(of document: Document) -> (keys: [[UInt8]], fromArray: Bool) {
        // The common case, one top-level field holding no array, keyed without the general
        // path's intermediate arrays (what follows would give the same key).
        if paths.count == 1, paths[0].components.count == 1 {
            switch document[paths[0].components[0]] {
            case .array?: break
            case nil: return model.sparse ? ([], false) : ([component(.null, field: 0)], false)
            case let value?: return ([component(value, field: 0)], false)
            }
        }
        var perPath: [[BSONValue]] = []
        var anyPresent = false
        var fromArray = false
        for path in paths {
            var values: [BSONValue] = []
            for candidate in path.matchCandidates(in: document) {
                switch candidate {
                case nil: values.append(.null)
                case .array(let elements)?:
                    anyPresent = true
                    fromArray = true
                    values.append(contentsOf: elements.isEmpty ? [.undefined] : elements)
                case let value?:
                    anyPresent = true
                    values.append(value)
                }
            }
            if values.count > 1 { fromArray = true }
            perPath.append(values.isEmpty ? [.null] : values)
        }
        if model.sparse && !anyPresent { return ([], false) }
        var combined: [[UInt8]] = [[]]
        for (i, values) in perPath.enumerated() {
            let parts = values.map { component($0, field: i) }
            combined = combined.flatMap { prefix in parts.map { prefix + $0 } }
        }
        // One key, the common case, needs no de-duplication.
        guard combined.count > 1 else { return (combined, fromArray) }
        var seen = Set<[UInt8]>()
        return (combined.filter { seen.insert($0).inserted }, fromArray)
    }

    /// One field's key: the value's KeyString (its strings folded by the collation), inverted
    /// for a descending field.
    func component(_ value: BSONValue, field: Int) -> [UInt8] {
        let key = KeyString.key(collation.map { $0.key(value) } ?? value)
        return descending[field] ? KeyString.inverted(key) : key
    }

    /// MongoDB's duplicate-key message for a document refused by this unique index.
    func duplicateKeyError(for document: Document, namespace: String) -> StoreError {
        var keyPattern = Document()
        var keyValue = Document()
        for (path, isDescending) in zip(paths, descending) {
            keyPattern.append("\(path)", .int32(isDescending ? -1 : 1))
            keyValue.append("\(path)", path.matchCandidates(in: document).first.flatMap { $0 } ?? .null)
        }
        let shown = keyValue.map { "\($0.key): \($0.value.extendedJSON())" }.joined(separator: ", ")
        return StoreError.duplicateKey(
            "E11000 duplicate key error collection: \(namespace) index: \(name) dup key: { \(shown) }", keyPattern: keyPattern, keyValue: keyValue)
    }
}
