import BSON
import Synchronization

/// Open cursors: the documents a `find`, `aggregate` or list command has not yet returned. As in
/// MongoDB, a cursor idle for `idleTimeout` (10 minutes) is closed; past `limit` open cursors the
/// least recently used is closed. A `getMore` on a closed cursor says which of the two happened.
final class CursorRegistry: Sendable {
    struct Cursor {
        var namespace: String
        var remaining: ArraySlice<Document>
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
        let now = self.now()
        return state.withLock { state in
            state.opensSinceSweep += 1
            if state.cursors.count >= limit || state.opensSinceSweep >= 256 { sweep(&state, now: now) }
            if state.cursors.count >= limit, let oldest = state.cursors.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                close(oldest, .evicted, in: &state)
            }
            var id = Int64.random(in: 1...Int64.max)
            while state.cursors[id] != nil || state.closed[id] != nil { id = Int64.random(in: 1...Int64.max) }
            state.cursors[id] = Cursor(namespace: namespace, remaining: documents, lastUsed: now)
            return id
        }
    }

    /// The next batch of a cursor (at most `count` documents and about `maximumBytes`), and
    /// whether it is exhausted (then it is closed).
    /// - Throws: `WireCommandError` 43 CursorNotFound, saying why when the server closed it.
    func next(_ id: Int64, count: Int?, maximumBytes: Int) throws -> (namespace: String, batch: [Document], exhausted: Bool) {
        let now = self.now()
        return try state.withLock { state in
            guard var cursor = state.cursors[id] else { throw notFound(id, state.closed[id]) }
            if now - cursor.lastUsed > idleTimeout {
                close(id, .idle, in: &state)
                throw notFound(id, .idle)
            }
            let batch = Self.take(&cursor.remaining, count: count, maximumBytes: maximumBytes)
            let exhausted = cursor.remaining.isEmpty
            cursor.lastUsed = now
            state.cursors[id] = exhausted ? nil : cursor
            return (cursor.namespace, batch, exhausted)
        }
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

    /// Removes and returns the first documents of `documents`: at most `count`, and no more than
    /// about `maximumBytes` (always at least one).
    static func take(_ documents: inout ArraySlice<Document>, count: Int?, maximumBytes: Int) -> [Document] {
        var batch: [Document] = []
        var bytes = 0
        while let next = documents.first, batch.count < (count ?? Int.max) {
            let size = (try? next.bsonBytes().count) ?? 0
            if !batch.isEmpty && bytes + size > maximumBytes { break }
            bytes += size
            batch.append(next)
            documents.removeFirst()
        }
        return batch
    }
}
