import BSON
import DocumentStore
import Foundation

/// The embedded single-file document store: MongoDB's data model and query language over one
/// local file, exclusively locked, replayed into memory on open, every acknowledged write
/// durable (`fdatasync`, shared by concurrent writers), multi-document writes atomic.
public final class EmbeddedStore: DocumentStore {
    let engine: Engine

    /// Opens (or creates) a data file, replaying it; a torn tail left by a crash is cut off and
    /// reported in `openReport`. Blocking: call at start-up, not on an event loop.
    /// - Throws: `DataFileError` when the file is locked by another process, is not a data file,
    ///   or is damaged before its end.
    public init(path: String, databaseName: String = "speak_ai_db") throws {
        engine = try Engine(path: path, databaseName: databaseName)
    }

    /// What opening found (records replayed, torn tail cut).
    public var openReport: OpenReport { engine.openReport }

    /// The data file.
    public var path: String { engine.path }

    public func collection(_ name: String) -> any DocumentCollection {
        EmbeddedCollection(name: name, engine: engine)
    }

    public func listCollections() async throws -> [String] {
        try engine.read { state in state.collections.keys.sorted() }
    }

    /// Document counts per collection.
    public func collectionCounts() throws -> [String: Int] {
        try engine.read { state in state.collections.mapValues(\.count) }
    }

    /// Syncs made and bytes written since opening.
    public var logStatistics: (syncs: Int, bytes: Int) { (engine.log.syncCount, engine.log.bytesWritten) }

    public func close() async throws {
        let log = engine.log
        try await BlockingWork.run { try log.close() }
        log.currentFile.close()
    }
}

/// Runs blocking work on a thread of its own, so no event loop or cooperative thread waits.
enum BlockingWork {
    static func run<R: Sendable>(_ work: @escaping @Sendable () throws -> R) async throws -> R {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
            thread.start()
        }
    }
}
