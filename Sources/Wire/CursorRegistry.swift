import BSON
import DocumentStore
import Synchronization

/// Open cursors: what a `find`, `aggregate` or list command has not yet returned (a store's
/// cursor reads a `find`'s results a batch at a time; other results are held whole). As in
/// MongoDB, a cursor idle for `idleTimeout` (10 minutes) is closed; past `limit` open cursors the
/// least recently used is closed. A `getMore` on a closed cursor says which of the two happened.
final class CursorRegistry: Sendable {
    struct Cursor {
        var namespace: String
        var source: any DocumentCursor
        var lastUsed: ContinuousClock.Instant
    }

    /// Why a cursor is gone (remembered for the most recent `limit` closings).
    enum Closing: Equatable {
        case idle
        case evicted
    }

    private struct State {
        var cursors: [Int64: Cursor] = [:]
        var closed: [Int64: Closing] = [:]
        var closedOrder: [Int64] = []
        var opensSinceSweep = 0
    }

    private let state = Mutex(State())
    /// Cursors open at once; past this the least recently used is closed.
    let limit: Int
    /// A cursor unused this long is closed.
    let idleTimeout: Duration

    /// The time (a parameter so that tests can move it).
    private let now: @Sendable () -> ContinuousClock.Instant

    init(limit: Int = 10_000, idleTimeout: Duration = .seconds(600), now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limit = limit
        self.idleTimeout = idleTimeout
        self.now = now
    }

    /// Opens a cursor over `documents` and returns its id.
    func open(namespace: String, documents: ArraySlice<Document>) -> Int64 {
        open(namespace: namespace, cursor: MaterializedCursor(documents))
    }

    /// Keeps `source` open under a new id and returns the id.
    func open(namespace: String, cursor source: any DocumentCursor) -> Int64 {
        let now = self.now()
        return state.withLock { state in
            state.opensSinceSweep += 1
            if state.cursors.count >= limit || state.opensSinceSweep >= 256 { sweep(&state, now: now) }
            if state.cursors.count >= limit, let oldest = state.cursors.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                close(oldest, .evicted, in: &state)
            }
            var id = Int64.random(in: 1...Int64.max)
            while state.cursors[id] != nil || state.closed[id] != nil { id = Int64.random(in: 1...Int64.max) }
            state.cursors[id] = Cursor(namespace: namespace, source: source, lastUsed: now)
            return id
        }
    }

    /// The cursor of this id, for its next batch (which the caller reads, then closes the
    /// cursor when it is exhausted or failed); using it counts as use.
    /// - Throws: `WireCommandError` 43 CursorNotFound, saying why when the server closed it.
    func checkOut(_ id: Int64) throws -> (namespace: String, cursor: any DocumentCursor) {
        let now = self.now()
        return try state.withLock { state in
            guard var cursor = state.cursors[id] else { throw notFound(id, state.closed[id]) }
            if now - cursor.lastUsed > idleTimeout {
                close(id, .idle, in: &state)
                throw notFound(id, .idle)
            }
            cursor.lastUsed = now
            state.cursors[id] = cursor
            return (cursor.namespace, cursor.source)
        }
    }

    /// Closes a cursor whose results are all returned (or whose read failed).
    func finish(_ id: Int64) {
        state.withLock { _ = $0.cursors.removeValue(forKey: id) }
    }

    /// Closes cursors; returns the ids that were open.
    func kill(_ ids: [Int64]) -> [Int64] {
        state.withLock { state in ids.filter { state.cursors.removeValue(forKey: $0) != nil } }
    }

    /// How many cursors are open.
    var openCount: Int { state.withLock { $0.cursors.count } }

    private func sweep(_ state: inout State, now: ContinuousClock.Instant) {
        state.opensSinceSweep = 0
        for (id, cursor) in state.cursors where now - cursor.lastUsed > idleTimeout { close(id, .idle, in: &state) }
    }

    private func close(_ id: Int64, _ why: Closing, in state: inout State) {
        state.cursors[id] = nil
        state.closed[id] = why
        state.closedOrder.append(id)
        if state.closedOrder.count > limit {
            let forgotten = state.closedOrder.prefix(state.closedOrder.count - limit)
            for old in forgotten { state.closed[old] = nil }
            state.closedOrder.removeFirst(forgotten.count)
        }
    }

    private func notFound(_ id: Int64, _ why: Closing?) -> WireCommandError {
        switch why {
        case .idle?:
            WireCommandError(code: 43, codeName: "CursorNotFound", message: "cursor id \(id) not found: it was closed after \(idleTimeout.components.seconds >= 60 ? "\(idleTimeout.components.seconds / 60) minutes" : "\(idleTimeout)") without use")
        case .evicted?:
            WireCommandError(code: 43, codeName: "CursorNotFound", message: "cursor id \(id) not found: it was closed, least recently used, to keep the server's open cursors within its limit")
        case nil:
            WireCommandError.cursorNotFound(id)
        }
    }
}
