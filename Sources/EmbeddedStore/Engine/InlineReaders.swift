import SQLite
import Synchronization

/// Read-only connections that short reads use on the caller's own thread, skipping the hop to a
/// reader thread (which costs more than a point read itself). Each connection sits behind its
/// own lock and is only ever used while that lock is held; a read takes the first free one and
/// reads at most `budget` rows, else it gives up and goes to a reader thread. So nothing on the
/// caller's thread waits for another read or runs long.
///
/// Each connection keeps its read transaction (its snapshot) open from one read to the next
/// while nothing has been committed since it began, so a point read pays for no transaction
/// of its own. A commit makes every held snapshot stale: the next read there begins a new one,
/// and the writer ends the idle ones right after it commits (`releaseStale`), so no snapshot
/// keeps the WAL from being checkpointed for longer than one commit.
final class InlineReaders: Sendable {
    /// One connection, behind its lock.
    private final class Slot: Sendable {
        let state = Mutex(SlotState())
    }

    /// A connection and the snapshot it holds open, if any.
    private struct SlotState {
        var connection: SQLiteConnection?
        var snapshot: Snapshot?

        /// Ends the held transaction (harmless when there is none).
        mutating func endSnapshot() {
            if snapshot != nil, let connection { _ = try? connection.run("COMMIT") }
            snapshot = nil
        }
    }

    /// An open read transaction: the commit it is at least as new as, and its catalog.
    private struct Snapshot {
        let commit: UInt64
        let catalog: Catalog
    }

    /// Rows an inline read may touch (a few hundred microseconds at most).
    static let budget = 512

    private let slots: [Slot]
    private let path: String
    private let settings: ConnectionSettings
    private let published: PublishedCatalog
    /// Set by `close`: no connection is opened any more (reads go to the reader threads, which
    /// refuse them).
    private let closed = Atomic<Bool>(false)

    init(path: String, settings: ConnectionSettings, count: Int, published: PublishedCatalog) {
        slots = (0..<max(1, count)).map { _ in Slot() }
        self.path = path
        self.settings = settings
        self.published = published
    }

    /// The read's result, or `nil` when every connection is busy, the read ran over budget, or a
    /// table it planned on is gone (the full path then retries it).
    func read<R: Sendable>(_ body: @Sendable (ReaderPool.Context) throws -> R) throws -> R? {
        for slot in slots {
            let outcome: Result<R, any Error>?? = slot.state.withLockIfAvailable { slot -> Result<R, any Error>? in
                do {
                    guard !closed.load(ordering: .acquiring) else { return nil }
                    let (connection, catalog) = try current(&slot)
                    return .success(try body(ReaderPool.Context(connection: connection, catalog: catalog, budget: Self.budget)))
                } catch is QueryExecutor.ReadBudgetExceeded {
                    return nil
                } catch let error as SQLiteError {
                    slot.endSnapshot()
                    return error.isMissingTable ? nil : .failure(Writer.storeError(error))
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

    /// The slot's connection (opened on first use) in a snapshot that holds every acknowledged
    /// commit, with that snapshot's catalog.
    private func current(_ slot: inout SlotState) throws -> (SQLiteConnection, Catalog) {
        let connection: SQLiteConnection
        if let open = slot.connection {
            connection = open
        } else {
            connection = try SQLiteConnection(path: path, mode: .readOnly)
            try Schema.configure(connection, settings: settings, writer: false)
            slot.connection = connection
        }
        // Read before the snapshot begins: the snapshot is then at least this recent.
        let latest = published.commitSequence
        if let snapshot = slot.snapshot, snapshot.commit == latest { return (connection, snapshot.catalog) }
        slot.endSnapshot()
        try connection.run("BEGIN")
        do {
            // The first read fixes the snapshot; the catalog must be that snapshot's.
            let version = try Schema.meta("catalog_version", connection) ?? 0
            let shared = published.current
            let catalog = shared.version == version ? shared : try Schema.loadCatalog(connection)
            slot.snapshot = Snapshot(commit: latest, catalog: catalog)
            return (connection, catalog)
        } catch {
            _ = try? connection.run("COMMIT")
            throw error
        }
    }

    /// Ends the snapshots that idle connections hold from before the last commit (called by
    /// the writer after each commit; a busy connection renews its own on its next read).
    func releaseStale() {
        let latest = published.commitSequence
        for slot in slots {
            slot.state.withLockIfAvailable { slot in
                if let snapshot = slot.snapshot, snapshot.commit != latest { slot.endSnapshot() }
            }
        }
    }

    /// Closes every connection (waiting for reads that hold one).
    func close() {
        closed.store(true, ordering: .releasing)
        for slot in slots {
            slot.state.withLock { slot in
                slot.endSnapshot()
                slot.connection = nil
            }
        }
    }
}
