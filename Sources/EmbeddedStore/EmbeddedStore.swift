import BSON
import DocumentStore
import Foundation
import Logging
import SQLite
import Synchronization

/// The embedded single-file document store: MongoDB's data model and query language over one
/// SQLite database file (WAL, `synchronous=FULL`), exclusively ours while open. Reads run on
/// snapshots and never wait; writes go through one writer in group commits, each acknowledged
/// once durable; a multi-document write is one transaction. A file in the first format (the
/// append-only log) is upgraded in place on open, the original kept as `<name>.v1`.
public final class EmbeddedStore: DocumentStore {
    /// Memory and concurrency settings.
    public struct Options: Sendable {
        /// SQLite's page cache, shared out among the connections (`SPEAKAI_CACHE_MB`).
        public var pageCacheMiB: Int
        /// Decoded documents kept for `_id` look-ups (0 turns the cache off).
        public var documentCacheMiB: Int
        /// Reader threads (each with a connection), started as reads need them.
        public var maximumReaders: Int
        /// How much of the file each connection reads through a memory map instead of copying
        /// pages in (0: none). Mapped pages are the kernel's file cache, shared and reclaimable,
        /// but they count in the process's RSS while mapped.
        public var mappedMiB: Int
        /// Whether the writer's WAL writes go through `LogWrites` (each commit's frames in one
        /// write); off only to measure what that is worth.
        public var gathersLogWrites: Bool
        /// Where the store tells what an operator should know while it runs: writes that start
        /// failing for the storage's sake (a full disk) and succeed again.
        public var logger: Logger

        public init(pageCacheMiB: Int = 64, documentCacheMiB: Int = 16, maximumReaders: Int = 8, mappedMiB: Int = 0,
                    gathersLogWrites: Bool = true, logger: Logger = Logger(label: "speakai.store")) {
            self.pageCacheMiB = max(1, pageCacheMiB)
            self.documentCacheMiB = max(0, documentCacheMiB)
            self.maximumReaders = max(1, maximumReaders)
            self.mappedMiB = min(max(0, mappedMiB), 1 << 16)
            self.gathersLogWrites = gathersLogWrites
            self.logger = logger
        }

        /// The defaults, with `SPEAKAI_CACHE_MB` for the page cache when set to a number.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Options {
            var options = Options()
            if let text = environment["SPEAKAI_CACHE_MB"], let megabytes = Int(text), megabytes > 0, megabytes <= 1 << 20 {
                options.pageCacheMiB = megabytes
            }
            return options
        }
    }

    let engine: StorageEngine

    /// What opening did (created, upgraded).
    public let openReport: OpenReport

    /// Opens (or creates) a data file, upgrading one in the first format. Blocking: call at
    /// start-up, not on an event loop.
    /// - Throws: `DataFileError` when the file is locked by another process, is not a data file,
    ///   or cannot be upgraded (the original is then left untouched).
    /// - Parameter onUpgradeStep: told each step of an upgrade (tests stop the process there).
    public init(path: String, databaseName: String = "speak_ai_db", options: Options = .fromEnvironment(),
                onUpgradeStep: (UpgradeStep) -> Void = { _ in }) throws {
        try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path))
        try LegacyUpgrade.finishInterruptedRename(path)
        var lock = try FileLock(path: path)
        // What a compaction killed before its rename left behind.
        FileSystem.remove(path + ".compact")
        let header = lock.header(16)
        var report = OpenReport(path: path, created: header.isEmpty, upgrade: nil)
        if LegacyUpgrade.isLegacy(header) {
            report.upgrade = try LegacyUpgrade.upgrade(path, lock: lock, databaseName: databaseName, onStep: onUpgradeStep)
            lock.release()
            lock = try FileLock(path: path)
        } else if !header.isEmpty && !header.starts(with: Array("SQLite format 3\0".utf8)) {
            throw DataFileError(kind: .notADataFile, message: "\(path) is not a Speak AI data file (its header is neither SQLite's nor the first format's)")
        } else if !header.isEmpty {
            do {
                report.conversion = try RowIdUpgrade.convertIfNeeded(path)
            } catch let error as SQLiteError {
                lock.release()
                throw DataFileError(kind: error.isCorruption ? .notADataFile : .io(errno: error.code), message: "\(path) cannot be opened: \(error.message)")
            } catch {
                lock.release()
                throw error
            }
        }
        do {
            engine = try StorageEngine(path: path, databaseName: databaseName, lock: lock, options: options)
        } catch let error as SQLiteError {
            lock.release()
            let kind: DataFileError.Kind = error.isCorruption ? .notADataFile : .io(errno: error.code)
            throw DataFileError(kind: kind, message: "\(path) cannot be opened: \(error.message)")
        } catch {
            lock.release()
            throw error
        }
        openReport = report
    }

    /// The data file.
    public var path: String { engine.path }

    public func collection(_ name: String) -> any DocumentCollection {
        EmbeddedCollection(name: name, engine: engine)
    }

    public func listCollections() async throws -> [String] {
        try await engine.read { context in context.catalog.collections.keys.sorted() }
    }

    /// Document counts per collection.
    public func collectionCounts() async throws -> [String: Int] {
        try await engine.read(inline: false) { context in
            let rows = TableAccess(connection: context.connection)
            return try context.catalog.collections.mapValues { try rows.count(table: $0.table) }
        }
    }

    /// Whether writes are being refused because the file cannot take them (a full disk, a
    /// file-size limit, an I/O error), until one commits again.
    public var writeOutage: WriteOutage? { engine.writer.outage }

    /// Group commits made since opening (each one fsync of the WAL).
    public var commitCount: Int { Int(engine.writer.published.commitSequence) }

    public func close() async throws {
        let engine = self.engine
        try await BlockingWork.run { engine.close() }
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
