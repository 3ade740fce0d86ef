import BSON

/// A database of named collections of BSON documents with MongoDB's semantics. Implemented by
/// the embedded single-file engine and, over libmongoc, by a real MongoDB.
public protocol DocumentStore: Sendable {
    /// The collection of this name (it springs into existence on first write, as in MongoDB).
    func collection(_ name: String) -> any DocumentCollection
    /// The names of the collections that exist, sorted.
    func listCollections() async throws -> [String]
    /// Makes every acknowledged write durable and releases the store.
    func close() async throws
    /// Whether writes are being refused because the storage cannot take them, as of the last
    /// write tried: `nil` once one succeeds again, and for stores that cannot tell (a remote
    /// MongoDB, whose errors reach each request).
    var writeOutage: WriteOutage? { get }
}

extension DocumentStore {
    /// A store that cannot tell never reports an outage.
    public var writeOutage: WriteOutage? { nil }
}

/// One collection: CRUD, counting, indexes. Filters, updates, sorts and projections are MongoDB
/// documents (see `QueryFilter`, `UpdateSpec`, `SortSpec`, `Projection`).
public protocol DocumentCollection: Sendable {
    /// The collection's name.
    var name: String { get }

    /// Inserts one document (an ObjectId `_id` is added first when missing) and returns its `_id`.
    @discardableResult
    func insertOne(_ document: Document) async throws -> BSONValue
    /// Inserts documents atomically: all or none. Returns their `_id`s in order.
    @discardableResult
    func insertMany(_ documents: [Document]) async throws -> [BSONValue]
    /// The matching documents, in natural (insertion) order unless sorted.
    func find(_ filter: Document, options: FindOptions) async throws -> [Document]
    /// A cursor over what `find` returns, read a batch at a time.
    func openCursor(_ filter: Document, options: FindOptions) async throws -> any DocumentCursor
    /// The first matching document.
    func findOne(_ filter: Document, options: FindOptions) async throws -> Document?
    /// Updates the first matching document; with `upsert`, inserts one when nothing matches.
    @discardableResult
    func updateOne(_ filter: Document, _ update: Document, options: UpdateOptions) async throws -> UpdateResult
    /// Updates every matching document atomically.
    @discardableResult
    func updateMany(_ filter: Document, _ update: Document, options: UpdateOptions) async throws -> UpdateResult
    /// Replaces the first matching document (its `_id` is kept); `arrayFilters` do not apply.
    @discardableResult
    func replaceOne(_ filter: Document, _ replacement: Document, options: UpdateOptions) async throws -> UpdateResult
    /// Deletes the first matching document; returns how many were deleted (0 or 1).
    @discardableResult
    func deleteOne(_ filter: Document, options: DeleteOptions) async throws -> Int
    /// Deletes every matching document atomically; returns how many.
    @discardableResult
    func deleteMany(_ filter: Document, options: DeleteOptions) async throws -> Int
    /// Updates the first matching document (in sort order) and returns it before or after.
    func findOneAndUpdate(_ filter: Document, _ update: Document, options: FindOneAndUpdateOptions) async throws -> Document?
    /// How many documents match.
    func countDocuments(_ filter: Document) async throws -> Int
    /// The distinct values of a field among matching documents (array fields contribute their
    /// elements), in first-seen order.
    func distinct(_ field: String, filter: Document) async throws -> [BSONValue]
    /// Creates an index (idempotent for an identical definition) and returns its name.
    @discardableResult
    func createIndex(_ index: IndexModel) async throws -> String
    /// The collection's indexes, `_id_` first.
    func listIndexes() async throws -> [IndexModel]
    /// Drops an index by name.
    func dropIndex(_ name: String) async throws
    /// Drops the collection with its documents and indexes.
    func drop() async throws
    /// Replaces every document of the collection with `documents` (an `_id` added where
    /// missing) in one step: readers see the old contents or the new, and a failure (a duplicate
    /// key) leaves the old ones. The embedded store keeps the collection's indexes; MongoStore
    /// fills a new collection and renames it over the old one, which drops them.
    func replaceAll(with documents: [Document]) async throws
    /// Gives the collection another name, with its documents and indexes; with `dropTarget`, a
    /// collection already holding that name is dropped first (else 48 NamespaceExists).
    func rename(to newName: String, dropTarget: Bool) async throws
}

extension DocumentCollection {
    /// `find` with default options.
    public func find(_ filter: Document = Document()) async throws -> [Document] {
        try await find(filter, options: FindOptions())
    }

    /// `findOne` with default options.
    public func findOne(_ filter: Document = Document()) async throws -> Document? {
        try await findOne(filter, options: FindOptions())
    }

    /// `updateOne` without upsert.
    @discardableResult
    public func updateOne(_ filter: Document, _ update: Document) async throws -> UpdateResult {
        try await updateOne(filter, update, options: UpdateOptions())
    }

    /// `updateOne`, with or without upsert.
    @discardableResult
    public func updateOne(_ filter: Document, _ update: Document, upsert: Bool) async throws -> UpdateResult {
        try await updateOne(filter, update, options: UpdateOptions(upsert: upsert))
    }

    /// `updateMany` without upsert.
    @discardableResult
    public func updateMany(_ filter: Document, _ update: Document) async throws -> UpdateResult {
        try await updateMany(filter, update, options: UpdateOptions())
    }

    /// `updateMany`, with or without upsert.
    @discardableResult
    public func updateMany(_ filter: Document, _ update: Document, upsert: Bool) async throws -> UpdateResult {
        try await updateMany(filter, update, options: UpdateOptions(upsert: upsert))
    }

    /// `replaceOne` without upsert.
    @discardableResult
    public func replaceOne(_ filter: Document, _ replacement: Document) async throws -> UpdateResult {
        try await replaceOne(filter, replacement, options: UpdateOptions())
    }

    /// `replaceOne`, with or without upsert.
    @discardableResult
    public func replaceOne(_ filter: Document, _ replacement: Document, upsert: Bool) async throws -> UpdateResult {
        try await replaceOne(filter, replacement, options: UpdateOptions(upsert: upsert))
    }

    /// `deleteOne` with default options.
    @discardableResult
    public func deleteOne(_ filter: Document) async throws -> Int { try await deleteOne(filter, options: DeleteOptions()) }

    /// `deleteMany` with default options.
    @discardableResult
    public func deleteMany(_ filter: Document) async throws -> Int { try await deleteMany(filter, options: DeleteOptions()) }

    /// `countDocuments` of everything.
    public func countDocuments() async throws -> Int { try await countDocuments(Document()) }

    /// `distinct` over the whole collection.
    public func distinct(_ field: String) async throws -> [BSONValue] { try await distinct(field, filter: Document()) }
}
