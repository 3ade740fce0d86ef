import BSON
import DocumentStore

/// One collection held in memory: documents in insertion-ordered slots (deleted slots are
/// holes until the next tidy-up), a map from `_id` to slot, and secondary indexes.
struct CollectionData: Sendable {
    let namespace: String
    private(set) var slots: [Document?] = []
    private(set) var slotById: [HashableBSON: Int] = [:]
    private(set) var indexes: [SecondaryIndex] = []
    private var holes = 0

    init(namespace: String) { self.namespace = namespace }

    var count: Int { slotById.count }

    func document(id: BSONValue) -> Document? {
        guard let slot = slotById[HashableBSON(id)] else { return nil }
        return slots[slot]
    }

    func slot(of id: BSONValue) -> Int? { slotById[HashableBSON(id)] }

    /// Makes room for this many documents.
    mutating func reserve(_ documents: Int) {
        slots.reserveCapacity(documents)
        slotById.reserveCapacity(documents)
    }

    /// Adds a document that carries an `_id`; `slot` restores a deleted document in place.
    mutating func insert(_ document: Document, at slot: Int? = nil) throws {
        guard let rawId = document.idValue else { throw StoreError.badValue("document has no _id") }
        let id = HashableBSON(rawId)
        let reuse = slot.flatMap { $0 < slots.count && slots[$0] == nil ? $0 : nil }
        let target = reuse ?? slots.count
        // One hash for the common case: claim the id, and give it back on a conflict.
        if let existing = slotById.updateValue(target, forKey: id) {
            slotById[id] = existing
            throw StoreError.duplicateKey("E11000 duplicate key error collection: \(namespace) index: _id_ dup key: { _id: \(rawId.extendedJSON()) }")
        }
        for index in indexes {
            if let key = index.conflict(for: document, id: id) {
                slotById[id] = nil
                throw index.duplicateKeyError(key, namespace: namespace)
            }
        }
        for i in indexes.indices { indexes[i].add(document, id: id) }
        if let reuse {
            slots[reuse] = document
            holes -= 1
        } else {
            slots.append(document)
        }
    }

    /// Replaces the document with this `_id`; returns the old one.
    @discardableResult
    mutating func replace(id rawId: BSONValue, with document: Document) throws -> Document {
        let id = HashableBSON(rawId)
        guard let slot = slotById[id], let old = slots[slot] else {
            throw StoreError.storageFailure("no document with _id \(rawId.extendedJSON()) in \(namespace)")
        }
        for index in indexes {
            if let key = index.conflict(for: document, id: id) { throw index.duplicateKeyError(key, namespace: namespace) }
        }
        for i in indexes.indices {
            indexes[i].remove(old, id: id)
            indexes[i].add(document, id: id)
        }
        slots[slot] = document
        return old
    }

    /// Removes the document with this `_id`; returns it and the slot it held.
    @discardableResult
    mutating func delete(id rawId: BSONValue) -> (document: Document, slot: Int)? {
        let id = HashableBSON(rawId)
        guard let slot = slotById.removeValue(forKey: id), let old = slots[slot] else { return nil }
        for i in indexes.indices { indexes[i].remove(old, id: id) }
        slots[slot] = nil
        holes += 1
        return (old, slot)
    }

    /// Closes the holes left by deletions once they are many (never during a write).
    mutating func tidy() {
        guard holes > 1024, holes * 2 > slots.count else { return }
        slots = slots.compactMap { $0 }
        slotById.removeAll(keepingCapacity: true)
        for (slot, document) in slots.enumerated() {
            if let id = document?["_id"] { slotById[HashableBSON(id)] = slot }
        }
        holes = 0
    }

    /// Creates an index, building it over the existing documents. Returns false when an
    /// identical index exists already.
    mutating func createIndex(_ model: IndexModel) throws -> Bool {
        var index = try SecondaryIndex(model)
        if index.name == "_id_" || model.keys == ["_id": 1] { return false }
        if let existing = indexes.first(where: { $0.name == index.name || $0.model.keys == model.keys }) {
            if existing.model.keys == model.keys, existing.model.unique == model.unique, existing.model.sparse == model.sparse,
                existing.name == index.name
            {
                return false
            }
            throw StoreError.indexOptionsConflict("An existing index has the same name or key pattern as the requested index: \(existing.name)")
        }
        for case let document? in slots {
            let id = HashableBSON(document["_id"] ?? .null)
            if let key = index.conflict(for: document, id: id) {
                throw index.duplicateKeyError(key, namespace: namespace)
            }
            index.add(document, id: id)
        }
        indexes.append(index)
        return true
    }

    /// Drops an index by name; returns its definition.
    mutating func dropIndex(_ name: String) throws -> IndexModel {
        guard name != "_id_" else { throw StoreError.invalidOptions("cannot drop _id index") }
        guard let i = indexes.firstIndex(where: { $0.name == name }) else {
            throw StoreError.indexNotFound("index not found with name [\(name)]")
        }
        return indexes.remove(at: i).model
    }

    /// The index models, `_id_` first.
    var indexModels: [IndexModel] {
        [IndexModel(keys: ["_id": 1], name: "_id_")] + indexes.map { IndexModel(keys: $0.model.keys, name: $0.name, unique: $0.model.unique, sparse: $0.model.sparse) }
    }

    /// The slots worth testing against a filter, in natural order, or every slot when no index
    /// applies. Candidates are always re-tested with the full filter.
    func candidateSlots(for filter: QueryFilter) -> [Int] {
        if let ids = filter.pinnedValues(for: "_id") {
            return Set(ids.compactMap { slotById[HashableBSON($0)] }).sorted()
        }
        for index in indexes {
            var perPath: [[BSONValue]] = []
            for path in index.paths {
                guard let values = filter.pinnedValues(for: path.description) else { break }
                perPath.append(values)
            }
            guard perPath.count == index.paths.count else { continue }
            var combined: [[BSONValue]] = [[]]
            for values in perPath { combined = combined.flatMap { prefix in values.map { prefix + [$0] } } }
            let ids = index.ids(forKeys: combined.map(SecondaryIndex.key))
            return Set(ids.compactMap { slotById[$0] }).sorted()
        }
        return Array(slots.indices)
    }
}
