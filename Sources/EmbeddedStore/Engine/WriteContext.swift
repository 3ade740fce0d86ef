import BSON
import DocumentStore
import SQLite

/// What a write job sees on the writer's thread: the writer's connection inside the group's
/// transaction, the current catalog, and the changes to report to the document cache. Every
/// change keeps the collection's table and all its index tables in step.
struct WriteContext {
    let connection: SQLiteConnection
    let databaseName: String
    var catalog: Catalog
    /// Documents and collections changed by the running job (the cache forgets them on commit).
    var touched: [DocumentCache.Change] = []
    /// The nesting limit for new documents: MongoDB's, except when upgrading a first-format
    /// file, whose reader allowed deeper ones that must not be lost.
    var maximumDepth = StoredDocument.maximumDepth
    /// The catalog readers use, told at once when an index becomes multikey (none when upgrading).
    var published: PublishedCatalog?

    private var rows: TableAccess { TableAccess(connection: connection) }

    func namespace(_ collection: String) -> String { "\(databaseName).\(collection)" }

    /// The collection's catalog entry, made (table and all) when `create` and missing.
    mutating func entry(_ name: String, create: Bool) throws -> Catalog.Entry? {
        if let entry = catalog.collections[name] { return entry }
        guard create else { return nil }
        let table = "d\(try Schema.nextTable(connection))"
        try rows.createDocuments(table: table)
        let statement = try connection.statement("INSERT INTO speakai_collections(name, tbl) VALUES(?1, ?2)")
        try statement.bind(name, at: 1)
        try statement.bind(table, at: 2)
        try statement.run()
        let entry = Catalog.Entry(name: name, table: table, indexes: [])
        catalog.collections[name] = entry
        catalog.version = try Schema.recordCatalogChange(catalog, connection)
        return entry
    }

    /// Runs a query on the writer's own view (its uncommitted changes included).
    func select(_ collection: String, _ query: QueryFilter, sort: SortSpec? = nil, limit: Int? = nil, collation: Collation? = nil) throws -> [QueryExecutor.Match] {
        guard let entry = catalog.collections[collection] else { return [] }
        var executor = QueryExecutor(connection: connection, collection: entry, collation: collation)
        return try executor.select(query, sort: sort, skip: 0, limit: limit)
    }

    /// Inserts a document that carries its `_id`.
    mutating func insert(_ document: Document, into collection: String) throws {
        guard let entry = try entry(collection, create: true) else { return }
        let id = document.idValue ?? .null
        let idKey = KeyString.key(id)
        let stored = try StoredDocument.encode(document, idKey: idKey, maximumDepth: maximumDepth)
        guard let row = try rows.insertDocument(table: entry.table, key: idKey, value: stored) else {
            throw StoreError.duplicateKey(
                "E11000 duplicate key error collection: \(namespace(collection)) index: _id_ dup key: { _id: \(id.extendedJSON()) }",
                keyPattern: ["_id": .int32(1)], keyValue: ["_id": id])
        }
        for index in entry.indexes {
            let (keys, fromArray) = index.keys(of: document)
            try addEntries(keys, of: index, idKey: idKey, row: row, document: document, collection: collection)
            if fromArray && !index.multikey { try markMultikey(index, in: collection) }
        }
        touched.append(.document(collection: collection, idKey: idKey))
    }

    /// Replaces a stored document (same `_id`) with its new version.
    mutating func replace(_ old: Document, with new: Document, idKey: [UInt8], in collection: String) throws {
        guard let entry = catalog.collections[collection] else { throw StoreError.storageFailure("update of missing collection \(collection)") }
        guard let row = try rows.update(table: entry.table, key: idKey, value: try StoredDocument.encode(new, idKey: idKey, maximumDepth: maximumDepth)) else {
            throw StoreError.storageFailure("update of a missing document in \(collection)")
        }
        for index in entry.indexes {
            let before = Set(index.keys(of: old).keys)
            let (after, fromArray) = index.keys(of: new)
            for key in before where !after.contains(key) {
                try rows.delete(table: index.table, key: entryKey(key, of: index, idKey: idKey))
            }
            try addEntries(after.filter { !before.contains($0) }, of: index, idKey: idKey, row: row, document: new, collection: collection)
            if fromArray && !index.multikey { try markMultikey(index, in: collection) }
        }
        touched.append(.document(collection: collection, idKey: idKey))
    }

    /// Deletes a stored document.
    mutating func delete(_ document: Document, idKey: [UInt8], from collection: String) throws {
        guard let entry = catalog.collections[collection] else { return }
        try rows.delete(table: entry.table, key: idKey)
        for index in entry.indexes {
            for key in index.keys(of: document).keys {
                try rows.delete(table: index.table, key: entryKey(key, of: index, idKey: idKey))
            }
        }
        touched.append(.document(collection: collection, idKey: idKey))
    }

    /// The entry key: the index key, with the `_id` key after it unless the index is unique
    /// (then SQLite's primary key itself refuses a second holder).
    private func entryKey(_ key: [UInt8], of index: IndexDefinition, idKey: [UInt8]) -> [UInt8] {
        index.model.unique ? key : key + idKey
    }

    private func addEntries(_ keys: [[UInt8]], of index: IndexDefinition, idKey: [UInt8], row: Int64, document: Document, collection: String) throws {
        for key in keys {
            let full = entryKey(key, of: index, idKey: idKey)
            guard try rows.insertEntry(table: index.table, key: full, value: StoredIndexEntry.encode(key: full, idKey: idKey), row: row) else {
                throw index.duplicateKeyError(for: document, namespace: namespace(collection))
            }
        }
    }

    private mutating func markMultikey(_ index: IndexDefinition, in collection: String) throws {
        published?.markMultikey(collection: collection, index: index.name)
        let statement = try connection.statement("UPDATE speakai_indexes SET multikey = 1 WHERE collection = ?1 AND name = ?2")
        try statement.bind(collection, at: 1)
        try statement.bind(index.name, at: 2)
        try statement.run()
        if let position = catalog.collections[collection]?.indexes.firstIndex(where: { $0.name == index.name }) {
            catalog.collections[collection]?.indexes[position].multikey = true
        }
        catalog.version = try Schema.recordCatalogChange(catalog, connection)
    }
}
