import BSON
import Synchronization

/// Open cursors: the documents a `find`, `aggregate` or list command has not yet returned.
final class CursorRegistry: Sendable {
    struct Cursor {
        var namespace: String
        var remaining: ArraySlice<Document>
    }

    private let cursors = Mutex<[Int64: Cursor]>([:])
    /// Cursors left open are dropped past this many (the oldest first).
    let limit = 10_000

    /// Opens a cursor over `documents` and returns its id.
    func open(namespace: String, documents: ArraySlice<Document>) -> Int64 {
        cursors.withLock { table in
            if table.count >= limit, let oldest = table.keys.min() { table[oldest] = nil }
            var id = Int64.random(in: 1...Int64.max)
            while table[id] != nil { id = Int64.random(in: 1...Int64.max) }
            table[id] = Cursor(namespace: namespace, remaining: documents)
            return id
        }
    }

    /// The next batch of a cursor (at most `count` documents and about `maximumBytes`), and
    /// whether it is exhausted (then it is closed). `nil` for an unknown cursor.
    func next(_ id: Int64, count: Int?, maximumBytes: Int) -> (namespace: String, batch: [Document], exhausted: Bool)? {
        cursors.withLock { table in
            guard var cursor = table[id] else { return nil }
            let batch = Self.take(&cursor.remaining, count: count, maximumBytes: maximumBytes)
            let exhausted = cursor.remaining.isEmpty
            table[id] = exhausted ? nil : cursor
            return (cursor.namespace, batch, exhausted)
        }
    }

    /// Closes cursors; returns the ids that were open.
    func kill(_ ids: [Int64]) -> [Int64] {
        cursors.withLock { table in ids.filter { table.removeValue(forKey: $0) != nil } }
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
