import Synchronization

/// The catalog as of the writer's last commit, shared with readers: a reader whose snapshot
/// has the same catalog version uses it instead of loading its own.
final class PublishedCatalog: Sendable {
    private let catalog: Mutex<Catalog>

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
