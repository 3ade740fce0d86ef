import BSON
import DocumentStore

/// Every collection in memory, and the one place changes are applied — by live writes and by
/// replay of the data file alike.
struct EngineState: Sendable {
    /// How to reverse one applied change, so a failing multi-document write leaves no trace.
    enum Undo: Sendable {
        case removeInserted(collection: String, id: BSONValue)
        case restore(collection: String, document: Document)
        case reinsert(collection: String, document: Document, slot: Int)
        case dropCreatedIndex(collection: String, name: String)
        case recreateIndex(collection: String, index: IndexModel)
        case restoreCollection(String, CollectionData?)
    }

    let databaseName: String
    private(set) var collections: [String: CollectionData] = [:]

    init(databaseName: String) { self.databaseName = databaseName }

    func namespace(_ collection: String) -> String { "\(databaseName).\(collection)" }

    func collection(_ name: String) -> CollectionData? { collections[name] }

    /// Applies one change; returns how to undo it, or `nil` when it changed nothing.
    @discardableResult
    mutating func apply(_ operation: LogOperation) throws -> Undo? {
        switch operation {
        case .insert(let name, let document):
            if collections[name] == nil { collections[name] = CollectionData(namespace: namespace(name)) }
            try collections[name]?.insert(document)
            return .removeInserted(collection: name, id: document["_id"] ?? .null)
        case .update(let name, let id, let document):
            guard collections[name] != nil else { throw StoreError.storageFailure("update of missing collection \(name)") }
            let old = try collections[name]?.replace(id: id, with: document)
            return old.map { .restore(collection: name, document: $0) }
        case .delete(let name, let id):
            guard let removed = collections[name]?.delete(id: id) else { return nil }
            return .reinsert(collection: name, document: removed.document, slot: removed.slot)
        case .createIndex(let name, let index):
            let empty = CollectionData(namespace: namespace(name))
            let created = try collections[name, default: empty].createIndex(index)
            return created ? .dropCreatedIndex(collection: name, name: index.name ?? index.defaultName) : nil
        case .dropIndex(let name, let indexName):
            guard collections[name] != nil else { throw StoreError.namespaceNotFound("ns not found \(namespace(name))") }
            let model = try collections[name]?.dropIndex(indexName)
            return model.map { .recreateIndex(collection: name, index: $0) }
        case .dropCollection(let name):
            let old = collections.removeValue(forKey: name)
            return .restoreCollection(name, old)
        case .createCollection(let name):
            guard collections[name] == nil else { return nil }
            collections[name] = CollectionData(namespace: namespace(name))
            return .restoreCollection(name, nil)
        }
    }

    /// Reverses one change made by `apply`.
    mutating func undo(_ undo: Undo) {
        switch undo {
        case .removeInserted(let name, let id):
            collections[name]?.delete(id: id)
        case .restore(let name, let document):
            _ = try? collections[name]?.replace(id: document["_id"] ?? .null, with: document)
        case .reinsert(let name, let document, let slot):
            try? collections[name]?.insert(document, at: slot)
        case .dropCreatedIndex(let name, let indexName):
            _ = try? collections[name]?.dropIndex(indexName)
        case .recreateIndex(let name, let index):
            _ = try? collections[name]?.createIndex(index)
        case .restoreCollection(let name, let data):
            collections[name] = data
        }
    }

    /// Creates a collection sized for `documents` (before replay, so its maps never rehash).
    mutating func reserve(_ documents: Int, in name: String) {
        if collections[name] == nil { collections[name] = CollectionData(namespace: namespace(name)) }
        collections[name]?.reserve(documents)
    }

    /// Tidies the collections a write touched.
    mutating func tidy<Names: Sequence<String>>(_ names: Names) {
        for name in names { collections[name]?.tidy() }
    }
}
