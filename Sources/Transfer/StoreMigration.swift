import BSON
import DocumentStore

/// Copies every collection, with its indexes, from one `DocumentStore` to another (the embedded
/// file ⇄ MongoDB, either way) in batches, then checks the counts.
public struct StoreMigration: Sendable {
    /// How far one collection has got.
    public struct Progress: Sendable, Equatable {
        public var collection: String
        public var copied: Int
        public var total: Int

        public init(collection: String, copied: Int, total: Int) {
            self.collection = collection
            self.copied = copied
            self.total = total
        }
    }

    /// One collection's outcome: documents in the source and in the destination afterwards.
    public struct CollectionCount: Sendable, Equatable {
        public var collection: String
        public var source: Int
        public var destination: Int
        public var matches: Bool { source == destination }

        public init(collection: String, source: Int, destination: Int) {
            self.collection = collection
            self.source = source
            self.destination = destination
        }
    }

    public let source: any DocumentStore
    public let destination: any DocumentStore
    /// Documents read and inserted at a time.
    public var batchSize: Int
    /// Whether collections already in the destination are dropped first (otherwise a non-empty
    /// destination collection stops the migration before anything is written).
    public var dropExisting: Bool

    public init(from source: any DocumentStore, to destination: any DocumentStore, batchSize: Int = 1000, dropExisting: Bool = false) {
        self.source = source
        self.destination = destination
        self.batchSize = max(1, batchSize)
        self.dropExisting = dropExisting
    }

    /// Copies every collection of the source (or only `collections`), reporting progress after
    /// every batch, and returns the count check.
    /// - Throws: `TransferError` naming the first destination collection that already holds
    ///   documents (nothing is written then), or the store's error.
    public func run(collections names: [String]? = nil, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> [CollectionCount] {
        var chosen = names ?? []
        if names == nil { chosen = try await source.listCollections() }
        if !dropExisting {
            for name in chosen where try await destination.collection(name).countDocuments() > 0 {
                throw TransferError(source: name, message: "the destination already has documents (use --drop to replace it)")
            }
        }
        var counts: [CollectionCount] = []
        for name in chosen {
            counts.append(try await copy(name, progress: progress))
        }
        return counts
    }

    /// About the most BSON one page (one `insertMany`) carries.
    static let pageBytes = 8 << 20

    private func copy(_ name: String, progress: @Sendable (Progress) -> Void) async throws -> CollectionCount {
        let from = source.collection(name)
        let to = destination.collection(name)
        if dropExisting { try await to.drop() }
        for index in try await from.listIndexes() where index.name != "_id_" {
            try await to.createIndex(index)
        }
        let total = try await from.countDocuments()
        var copied = 0
        progress(Progress(collection: name, copied: 0, total: total))
        // Pages of one cursor in _id order (MongoDB's total order over every BSON type), so each
        // document is read once even when _ids mix types; each page resumes after the last
        // (paging by `skip` would walk every earlier document again for each page).
        let cursor = try await from.openCursor(Document(), options: FindOptions(sort: ["_id": 1]))
        while !cursor.isExhausted {
            let page = try await cursor.next(count: batchSize, maximumBytes: Self.pageBytes)
            guard !page.isEmpty else { break }
            try await to.insertMany(page)
            copied += page.count
            progress(Progress(collection: name, copied: copied, total: max(total, copied)))
        }
        return CollectionCount(collection: name, source: try await from.countDocuments(), destination: try await to.countDocuments())
    }
}
