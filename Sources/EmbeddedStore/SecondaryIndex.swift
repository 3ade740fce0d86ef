import BSON
import DocumentStore

/// A hash index over one or more field paths: key → ids of the documents holding it. Array
/// fields contribute one key per element (multikey); a missing field is keyed as null. Unique
/// indexes refuse a key held by another document.
struct SecondaryIndex: Sendable {
    let model: IndexModel
    let name: String
    let paths: [FieldPath]
    /// The documents holding one key: most keys have one, so no array is made for them.
    enum Holders: Sendable {
        case one(HashableBSON)
        case many([HashableBSON])

        var ids: [HashableBSON] {
            switch self {
            case .one(let id): return [id]
            case .many(let ids): return ids
            }
        }

        func contains(other id: HashableBSON) -> Bool {
            switch self {
            case .one(let holder): return holder != id
            case .many(let ids): return ids.contains { $0 != id }
            }
        }
    }

    private(set) var entries: [HashableBSON: Holders] = [:]

    init(_ model: IndexModel) throws {
        guard !model.keys.isEmpty else { throw StoreError.badValue("Index keys cannot be empty.") }
        for (key, value) in model.keys {
            guard value.exactInt64 == 1 || value.exactInt64 == -1 else {
                throw StoreError.badValue("Values in the index key pattern can only be 1 or -1, found \(key): \(value.extendedJSON())")
            }
        }
        self.model = model
        name = model.name ?? model.defaultName
        paths = try model.keys.fieldNames.map(FieldPath.init)
    }

    /// The keys a document has in this index (deduplicated); empty when sparse and all missing.
    func keys(of document: Document) -> [HashableBSON] {
        // Fast path: one field holding one plain value.
        if paths.count == 1 {
            let candidates = paths[0].matchCandidates(in: document)
            if candidates.count == 1, let value = candidates[0] {
                if case .array = value {} else { return [HashableBSON(value)] }
            }
        }
        var perPath: [[BSONValue]] = []
        var anyPresent = false
        for path in paths {
            var values: [BSONValue] = []
            for candidate in path.matchCandidates(in: document) {
                switch candidate {
                case nil: values.append(.null)
                case .array(let elements)?:
                    anyPresent = true
                    values.append(contentsOf: elements.isEmpty ? [.undefined] : elements)
                case let v?:
                    anyPresent = true
                    values.append(v)
                }
            }
            perPath.append(values.isEmpty ? [.null] : values)
        }
        if model.sparse && !anyPresent { return [] }
        var combined: [[BSONValue]] = [[]]
        for values in perPath {
            combined = combined.flatMap { prefix in values.map { prefix + [$0] } }
        }
        var seen = Set<HashableBSON>()
        return combined.map { Self.key($0) }.filter { seen.insert($0).inserted }
    }

    static func key(_ components: [BSONValue]) -> HashableBSON {
        components.count == 1 ? HashableBSON(components[0]) : HashableBSON(.array(components))
    }

    /// The first key of `document` already held by another document, when unique.
    func conflict(for document: Document, id: HashableBSON) -> HashableBSON? {
        guard model.unique else { return nil }
        for key in keys(of: document) {
            if let holders = entries[key], holders.contains(other: id) { return key }
        }
        return nil
    }

    mutating func add(_ document: Document, id: HashableBSON) {
        for key in keys(of: document) {
            // One hash for the common case of a new key.
            switch entries.updateValue(.one(id), forKey: key) {
            case nil: continue
            case .one(let other)?: entries[key] = .many([other, id])
            case .many(var ids)?:
                ids.append(id)
                entries[key] = .many(ids)
            }
        }
    }

    mutating func remove(_ document: Document, id: HashableBSON) {
        for key in keys(of: document) {
            switch entries[key] {
            case .one(let holder)? where holder == id: entries[key] = nil
            case .many(var ids)?:
                entries[key] = nil
                ids.removeAll { $0 == id }
                if ids.count == 1 { entries[key] = .one(ids[0]) } else if !ids.isEmpty { entries[key] = .many(ids) }
            default: continue
            }
        }
    }

    /// The ids holding any of these composite keys.
    func ids(forKeys keys: [HashableBSON]) -> [HashableBSON] {
        keys.flatMap { entries[$0]?.ids ?? [] }
    }

    /// MongoDB's duplicate-key message for a key of this index.
    func duplicateKeyError(_ key: HashableBSON, namespace: String) -> StoreError {
        let components = paths.count == 1 ? [key.value] : (key.value.arrayValue ?? [key.value])
        let shown = zip(paths, components).map { "\($0): \($1.extendedJSON())" }.joined(separator: ", ")
        return StoreError.duplicateKey("E11000 duplicate key error collection: \(namespace) index: \(name) dup key: { \(shown) }")
    }
}
