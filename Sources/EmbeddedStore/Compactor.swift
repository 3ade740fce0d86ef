import BSON
import DocumentStore
import Synchronization

/// A step of compaction, reported to an observer (tests stop the process at each one).
public enum CompactionStep: Sendable, CaseIterable {
    /// The snapshot is written to the temporary file, not yet synced.
    case snapshotWritten
    /// The snapshot is durable in the temporary file.
    case snapshotSynced
    /// The temporary file has replaced the data file.
    case renamed
    /// The directory entry is durable.
    case directorySynced
}

/// What compaction did.
public struct CompactionReport: Sendable {
    public var bytesBefore: Int
    public var bytesAfter: Int
    public var documents: Int
    public var collections: Int
}

/// Rewrites the data file as a snapshot of the live state: written to `<file>.compact`, synced,
/// renamed over the file, directory synced. A crash at any point leaves one valid file holding
/// every acknowledged write (the old one or the new one); a leftover temporary file is removed
/// on the next open.
enum Compactor {
    static func temporaryPath(for path: String) -> String { path + ".compact" }

    /// Runs under the engine's lock with the log drained, so no write interleaves.
    static func compact(_ engine: Engine, onStep: (CompactionStep) -> Void) throws -> CompactionReport {
        try engine.state.withLock { state in
            try engine.log.drain()
            let oldFile = engine.log.currentFile
            let before = try oldFile.size()
            let path = engine.path
            let temporary = temporaryPath(for: path)
            DataFile.remove(temporary)
            let newFile = try DataFile(path: temporary)
            var buffer = RecordFrame.header
            var documents = 0
            for name in state.collections.keys.sorted() {
                guard let data = state.collection(name) else { continue }
                RecordFrame.append(try LogOperation.createCollection(name).record.bsonBytes(), to: &buffer)
                for index in data.indexModels.dropFirst() {
                    RecordFrame.append(try LogOperation.createIndex(collection: name, index: index).record.bsonBytes(), to: &buffer)
                }
                for case let document? in data.slots {
                    RecordFrame.append(try LogOperation.insert(collection: name, document: document).record.bsonBytes(), to: &buffer)
                    documents += 1
                    if buffer.count > 4 << 20 {
                        try newFile.append(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            }
            try newFile.append(buffer)
            onStep(.snapshotWritten)
            try newFile.sync()
            onStep(.snapshotSynced)
            try DataFile.rename(temporary, to: path)
            newFile.moved(to: path)
            onStep(.renamed)
            try DataFile.syncDirectory(of: path)
            onStep(.directorySynced)
            engine.log.replaceFile(newFile)
            oldFile.close()
            return CompactionReport(bytesBefore: before, bytesAfter: try newFile.size(), documents: documents, collections: state.collections.count)
        }
    }
}

extension EmbeddedStore {
    /// Compacts the data file to a snapshot of the live documents and indexes. The store pauses
    /// (reads and writes wait) while it runs; the work runs on a thread of its own.
    public func compact(onStep: @escaping @Sendable (CompactionStep) -> Void = { _ in }) async throws -> CompactionReport {
        let engine = self.engine
        return try await BlockingWork.run { try Compactor.compact(engine, onStep: onStep) }
    }
}
