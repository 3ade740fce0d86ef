import Synchronization

/// What the writer tells readers: the catalog as of its last commit (a reader whose snapshot
/// has the same catalog version uses it instead of loading its own), and how many commits it
/// has made (a snapshot begun before the last one may miss an acknowledged write).
final class PublishedCatalog: Sendable {
    private let catalog: Mutex<Catalog>
    private let commits = Atomic<UInt64>(0)

    /// Commits made since the file was opened; counted after each COMMIT returns and before
    /// its writes are acknowledged.
    var commitSequence: UInt64 { commits.load(ordering: .acquiring) }

    /// Counts a commit (the writer, after COMMIT, before acknowledging).
    func committed() { commits.add(1, ordering: .releasing) }

    init(_ catalog: Catalog = Catalog()) { self.catalog = Mutex(catalog) }

    /// The catalog last published.
    var current: Catalog { catalog.withLock { $0 } }

    /// Publishes a newer catalog.
    func publish(_ newer: Catalog) { catalog.withLock { $0 = newer } }

    /// Marks an index multikey at once, before the write that makes it so commits: a reader that
    /// plans on this catalog with a newer snapshot must not take the index for single-valued
    /// (it would intersect ranges and skip de-duplication). Marking early is always safe.
    func markMultikey(collection: String, index: String) {
        catalog.withLock { catalog in
            guard let position = catalog.collections[collection]?.indexes.firstIndex(where: { $0.name == index }) else { return }
            catalog.collections[collection]?.indexes[position].multikey = true
        }
    }
}
