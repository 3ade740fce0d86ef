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
        // The page cache goes a quarter to the writer, a quarter to each connection for reads on
        // the caller's thread (most reads are those), and a quarter shared by the reader threads
        // (long scans, which a cache helps little).
        let inlineCount = 2
        let quarterKiB = options.pageCacheMiB * 1024 / 4
        let mapped = options.mappedMiB << 20
        let settings = ConnectionSettings(cacheKiB: quarterKiB, mappedBytes: mapped)
        let readerSettings = ConnectionSettings(cacheKiB: quarterKiB / max(1, options.maximumReaders), mappedBytes: mapped)
        cache = DocumentCache(capacity: options.documentCacheMiB << 20)
        let published = PublishedCatalog()
        let inline = InlineReaders(path: path, settings: settings, count: inlineCount, published: published)
        self.inline = inline
        writer = try Writer(path: path, databaseName: databaseName, settings: settings, gathersLogWrites: options.gathersLogWrites, cache: cache,
                            published: published, logger: options.logger, afterCommit: { inline.releaseStale() })
        readers = ReaderPool(path: path, settings: readerSettings, maximumThreads: options.maximumReaders, published: published)
    }

    func namespace(_ collection: String) -> String { "\(databaseName).\(collection)" }

    /// Runs a write in the next group commit.
    func write<R: Sendable>(_ body: @escaping @Sendable (inout WriteContext) throws -> R) async throws -> R {
        try await writer.write(body)
    }

    /// Runs a read on a snapshot: on the caller's thread when a connection is free there and
    /// the read stays within a few hundred rows (`inline`), else on a reader thread.
    func read<R: Sendable>(inline tryInline: Bool = true, _ body: @escaping @Sendable (ReaderPool.Context) throws -> R) async throws -> R {
        if tryInline, let result = try inline.read(body) { return result }
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
