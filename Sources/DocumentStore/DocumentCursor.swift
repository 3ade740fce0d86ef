import BSON
import Synchronization

/// A query's results read a batch at a time, as a MongoDB cursor reads them. A store that can
/// resume a walk reads each batch when it is asked for (in a snapshot of its own, so later
/// batches see the writes made in between, as MongoDB's do), and memory holds one batch, not
/// every result.
public protocol DocumentCursor: Sendable {
    /// The next results: at most `count`, and about `maximumBytes` of BSON (never more than that
    /// plus one document); empty once every result has been returned.
    /// - Throws: the store's errors; `StoreError` 175 QueryPlanKilled when what the walk read is
    ///   gone (the collection or the index dropped).
    func next(count: Int, maximumBytes: Int) async throws -> [Document]
    /// Whether every result has been returned.
    var isExhausted: Bool { get }
}

/// A cursor over results already in memory (the default for stores that cannot resume a walk,
/// and for results computed whole, as an aggregation's).
public final class MaterializedCursor: DocumentCursor {
    private let remaining: Mutex<ArraySlice<Document>>

    public init(_ documents: ArraySlice<Document>) {
        remaining = Mutex(documents)
    }

    public func next(count: Int, maximumBytes: Int) async throws -> [Document] {
        remaining.withLock { Self.take(&$0, count: count, maximumBytes: maximumBytes) }
    }

    /// Removes and returns the first documents of `documents`: at most `count`, and no more than
    /// `maximumBytes` of BSON (but at least one, when `count` allows).
    public static func take(_ documents: inout ArraySlice<Document>, count: Int, maximumBytes: Int) -> [Document] {
        var batch: [Document] = []
        var bytes = 0
        while let next = documents.first, batch.count < count {
            let size = (try? next.bsonBytes().count) ?? 0
            if !batch.isEmpty && bytes + size > maximumBytes { break }
            bytes += size
            batch.append(next)
            documents.removeFirst()
        }
        return batch
    }

    public var isExhausted: Bool { remaining.withLock { $0.isEmpty } }
}

extension DocumentCollection {
    /// A cursor over the results of `find`, read whole at once (stores that can resume a walk
    /// read them a batch at a time instead).
    public func openCursor(_ filter: Document, options: FindOptions) async throws -> any DocumentCursor {
        MaterializedCursor(try await find(filter, options: options)[...])
    }
}
