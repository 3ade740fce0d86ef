import BSON
import DocumentStore
import SQLite

extension WriteContext {
    /// Creates an index and fills it from the collection's documents; `false` when an identical
    /// one exists. The collection is made when missing, as in MongoDB.
    mutating func createIndex(_ model: IndexModel, in collection: String) throws -> Bool {
        let name = model.name ?? model.defaultName
        if name == "_id_" || model.keys == ["_id": 1] { return false }
        guard let entry = try entry(collection, create: true) else { return false }
        // (The same key pattern may be indexed again under another collation, as in MongoDB.)
        let collation = Collation.folding(model.collation)
        if let existing = entry.indexes.first(where: { $0.name == name || ($0.model.keys == model.keys && $0.collation == collation) }) {
            if existing.isSame(as: model) { return false }
            throw StoreError.indexOptionsConflict("An existing index has the same name or key pattern as the requested index: \(existing.name)")
        }
        let table = "x\(try Schema.nextTable(connection))"
        var index = try IndexDefinition(
            IndexModel(keys: model.keys, name: name, unique: model.unique, sparse: model.sparse, collation: model.collation), table: table)
        let rows = TableAccess(connection: connection)
        try rows.createEntries(table: table)
        var multikey = false
        try rows.scanDocuments(table: entry.table, order: .natural(after: nil), reverse: false) { key, value, row in
            let document = try StoredDocument.decode(value, idKey: key, collection: collection)
            let idKey = [UInt8](key)
            let (keys, fromArray) = index.keys(of: document)
            multikey = multikey || fromArray
            for indexKey in keys {
                let full = model.unique ? indexKey : indexKey + idKey
                guard try rows.insertEntry(table: table, key: full, value: StoredIndexEntry.encode(key: full, idKey: idKey), row: row) else {
                    throw index.duplicateKeyError(for: document, namespace: namespace(collection))
                }
            }
            return true
        }
        index.multikey = multikey
        let statement = try connection.statement(
            "INSERT INTO speakai_indexes(collection, name, position, spec, tbl, multikey) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
        try statement.bind(collection, at: 1)
        try statement.bind(name, at: 2)
        // The table's number orders indexes by creation, also after drops.
        try statement.bind(Int64(table.dropFirst()) ?? 0, at: 3)
        try statement.bind(try index.model.description.bsonBytes(), at: 4)
        try statement.bind(table, at: 5)
        try statement.bind(multikey ? 1 : 0, at: 6)
        try statement.run()
        catalog.collections[collection]?.indexes.append(index)
        catalog.version = try Schema.recordCatalogChange(catalog, connection)
        return true
    }

    /// Drops a secondary index by name.
    mutating func dropIndex(_ name: String, in collection: String) throws {
        guard let entry = catalog.collections[collection] else {
            throw StoreError.namespaceNotFound("ns not found \(namespace(collection))")
        }
        guard name != "_id_" else { throw StoreError.invalidOptions("cannot drop _id index") }
        guard let position = entry.indexes.firstIndex(where: { $0.name == name }) else {
            throw StoreError.indexNotFound("index not found with name [\(name)]")
        }
        try TableAccess(connection: connection).drop(table: entry.indexes[position].table)
        let statement = try connection.statement("DELETE FROM speakai_indexes WHERE collection = ?1 AND name = ?2")
        try statement.bind(collection, at: 1)
        try statement.bind(name, at: 2)
        try statement.run()
        catalog.collections[collection]?.indexes.remove(at: position)
        catalog.version = try Schema.recordCatalogChange(catalog, connection)
    }

    /// Gives a collection another name, with its documents and indexes (their tables stay);
    /// with `dropTarget`, a collection of that name is dropped first.
    /// - Throws: 26 NamespaceNotFound when there is no such collection; 48 NamespaceExists when
    ///   the name is taken and `dropTarget` is false.
    mutating func renameCollection(_ collection: String, to newName: String, dropTarget: Bool) throws {
        guard let entry = catalog.collections[collection] else {
            throw StoreError.namespaceNotFound("Source collection \(namespace(collection)) does not exist")
        }
        guard newName != collection else { throw StoreError(code: 20, codeName: "IllegalOperation", message: "Can't rename a collection to itself") }
        if catalog.collections[newName] != nil {
            guard dropTarget else { throw StoreError(code: 48, codeName: "NamespaceExists", message: "target namespace exists") }
            try dropCollection(newName)
        }
        for sql in ["UPDATE speakai_collections SET name = ?2 WHERE name = ?1", "UPDATE speakai_indexes SET collection = ?2 WHERE collection = ?1"] {
            let statement = try connection.statement(sql)
            try statement.bind(collection, at: 1)
            try statement.bind(newName, at: 2)
            try statement.run()
        }
        catalog.collections[collection] = nil
        catalog.collections[newName] = Catalog.Entry(name: newName, table: entry.table, indexes: entry.indexes)
        catalog.version = try Schema.recordCatalogChange(catalog, connection)
        touched.append(.collection(collection))
        touched.append(.collection(newName))
    }

    /// Drops a collection with its documents and indexes; `false` when it does not exist.
    @discardableResult
    mutating func dropCollection(_ collection: String) throws -> Bool {
        guard let entry = catalog.collections[collection] else { return false }
        let rows = TableAccess(connection: connection)
        try rows.drop(table: entry.table)
        for index in entry.indexes { try rows.drop(table: index.table) }
        for sql in ["DELETE FROM speakai_indexes WHERE collection = ?1", "DELETE FROM speakai_collections WHERE name = ?1"] {
            let statement = try connection.statement(sql)
            try statement.bind(collection, at: 1)
            try statement.run()
        }
        catalog.collections[collection] = nil
        catalog.version = try Schema.recordCatalogChange(catalog, connection)
        touched.append(.collection(collection))
        return true
    }
}
