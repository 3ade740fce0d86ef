import BSON
import DocumentStore
import SQLite

/// The parts of an open data file: its lock, the writer, the readers and the document cache.
final class StorageEngine: Sendable {
    let path: String
    let databaseName: String
    let lock: FileLock
    let cache: DocumentCache
    let writer: Writer
    let readers: ReaderPool
    let inline: InlineReaders

    init(path: String, databaseName: String, lock: FileLock, options: EmbeddedStore.Options) throws {
        self.path = path
        self.databaseName = databaseName
        self.lock = lock
        let inlineCount = 2
        let connections = options.maximumReaders + inlineCount + 1
        let cacheKiB = options.pageCacheMiB * 1024 / connections
        cache = DocumentCache(capacity: options.documentCacheMiB << 20)
        writer = try Writer(path: path, databaseName: databaseName, cacheKiB: cacheKiB, cache: cache)
        readers = ReaderPool(path: path, cacheKiB: cacheKiB, maximumThreads: options.maximumReaders, published: writer.published)
        inline = InlineReaders(path: path, cacheKiB: cacheKiB, count: inlineCount, published: writer.published)
    }

    func namespace(_ collection: String) -> String { "\(databaseName).\(collection)" }

    /// Runs a write in the next group commit.
    func write<R: Sendable>(_ body: @escaping @Sendable (inout WriteContext) throws -> R) async throws -> R {
        try await writer.write(body)
    }

    /// Runs a read on a snapshot: on the caller's thread when a connection is free there and
    /// the read stays within a few hundred rows (`inline`), else on a reader thread.
    /// `singleStatement`: the body runs one SQLite statement (see `InlineReaders.read`).
    func read<R: Sendable>(inline tryInline: Bool = true, singleStatement: Bool = false,
                           _ body: @escaping @Sendable (ReaderPool.Context) throws -> R) async throws -> R {
        if tryInline, let result = try inline.read(singleStatement: singleStatement, body) { return result }
        return try await readers.read(body)
    }

    /// Finishes the queued writes and reads, folds the WAL into the file, closes every
    /// connection, then releases the lock.
    func close() {
        cache.close()
        writer.close {
            readers.close()
            inline.close()
        }
        lock.release()
    }
}
