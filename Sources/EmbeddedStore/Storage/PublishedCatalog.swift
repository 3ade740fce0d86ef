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
}
