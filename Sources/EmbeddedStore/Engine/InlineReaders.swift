import SQLite
import Synchronization

/// Read-only connections that short reads use on the caller's own thread, skipping the hop to a
/// reader thread (which costs more than a point read itself). Each connection sits behind its
/// own lock and is only ever used while that lock is held; a read takes the first free one and
/// reads at most `budget` rows, else it gives up and goes to a reader thread. So nothing on the
/// caller's thread waits for another read or runs long.
final class InlineReaders: Sendable {
    private final class Slot: Sendable {
        let connection = Mutex<SQLiteConnection?>(nil)
    }

    /// Rows an inline read may touch (a few hundred microseconds at most).
    static let budget = 512

    private let slots: [Slot]
    private let path: String
    private let cacheKiB: Int
    private let published: PublishedCatalog
    /// Set by `close`: no connection is opened any more (reads go to the reader threads, which
    /// refuse them).
    private let closed = Atomic<Bool>(false)

    init(path: String, cacheKiB: Int, count: Int, published: PublishedCatalog) {
        slots = (0..<max(1, count)).map { _ in Slot() }
        self.path = path
        self.cacheKiB = cacheKiB
        self.published = published
    }

    /// The read's result, or `nil` when every connection is busy or the read ran over budget.
    /// `singleStatement` reads (one SQLite statement, one snapshot of its own) skip the explicit
    /// transaction and use the catalog of the last commit (a newer snapshot can only add what
    /// is not acknowledged yet); a read that turns out to need several statements is run again
    /// in a transaction, and a table that is gone sends it (`nil`) to the full path.
    func read<R: Sendable>(singleStatement: Bool = false, _ body: @Sendable (ReaderPool.Context) throws -> R) throws -> R? {
        for slot in slots {
            let outcome: Result<R, any Error>?? = slot.connection.withLockIfAvailable { connection -> Result<R, any Error>? in
                do {
                    guard !closed.load(ordering: .acquiring) else { return nil }
                    if connection == nil {
                        let opened = try SQLiteConnection(path: path, mode: .readOnly)
                        try Schema.configure(opened, cacheKiB: cacheKiB, writer: false)
                        connection = opened
                    }
                    guard let connection else { return nil }
                    if singleStatement {
                        let context = ReaderPool.Context(connection: connection, catalog: published.current, budget: Self.budget, inTransaction: false)
                        do {
                            return .success(try body(context))
                        } catch is QueryExecutor.NeedsSnapshot {
                            // Several statements: the same read again, in a transaction.
                        }
                    }
                    return .success(try ReaderPool.transaction(on: connection, published: published, budget: Self.budget, body))
                } catch is QueryExecutor.ReadBudgetExceeded {
                    return nil
                } catch let error as SQLiteError where singleStatement && error.isMissingTable {
                    return nil
                } catch {
                    return .failure(error)
                }
            }
            switch outcome {
            case .none: continue
            case .some(.none): return nil
            case .some(.some(let result)): return try result.get()
            }
        }
        return nil
    }

    /// Closes every connection (waiting for reads that hold one).
    func close() {
        closed.store(true, ordering: .releasing)
        for slot in slots { slot.connection.withLock { $0 = nil } }
    }
}
