import BSON
import DocumentStore
import SQLite

/// Converts a first-format data file (the append-only log) into the SQLite format, in place:
/// the log is replayed into `<name>.upgrade` through the same write path as live writes, counts
/// are checked, the new file is synced, the original is renamed to `<name>.v1`, and the new file
/// takes its name. A crash at any step leaves either the original in place (converted again on
/// the next open) or a complete new file that the next open puts in place.
enum LegacyUpgrade {
    /// Records replayed per transaction (bounds the WAL during a large conversion).
    static let recordsPerTransaction = 20_000

    static func isLegacy(_ header: [UInt8]) -> Bool { header.starts(with: RecordFrame.magic) }

    static func temporaryPath(_ path: String) -> String { path + ".upgrade" }

    static func keptPath(_ path: String) -> String { path + ".v1" }

    /// After a crash between the two renames, puts the complete new file in place.
    static func finishInterruptedRename(_ path: String) throws {
        let temporary = temporaryPath(path)
        guard !FileSystem.exists(path), FileSystem.exists(temporary), FileSystem.exists(keptPath(path)), isComplete(temporary) else { return }
        try FileSystem.rename(temporary, to: path)
        try FileSystem.syncDirectory(of: path)
    }

    private static func isComplete(_ path: String) -> Bool {
        guard let connection = try? SQLiteConnection(path: path, mode: .readOnly) else { return false }
        return (try? Schema.meta("upgrade_complete", connection)) == 1
    }

    /// Converts the locked first-format file at `path`.
    /// - Throws: `DataFileError` (the original untouched) when it is damaged before its end, a
    ///   record does not replay, or the counts disagree.
    static func upgrade(_ path: String, lock: FileLock, databaseName: String, onStep: (UpgradeStep) -> Void = { _ in }) throws -> UpgradeReport {
        let temporary = temporaryPath(path)
        removeDatabase(temporary)
        let bytes = try lock.readAll()
        let result: (records: Int, documents: [String: Int], tornTail: Int)
        do {
            result = try convert(bytes, path: path, into: temporary, databaseName: databaseName)
        } catch {
            removeDatabase(temporary)
            if let error = error as? DataFileError { throw error }
            throw DataFileError(kind: .notADataFile, message: "\(path) could not be upgraded (the file is unchanged): \(error)")
        }
        try FileSystem.syncFile(temporary)
        try FileSystem.syncDirectory(of: path)
        onStep(.converted)
        var kept = keptPath(path)
        var suffix = 2
        while FileSystem.exists(kept) {
            kept = keptPath(path) + ".\(suffix)"
            suffix += 1
        }
        try FileSystem.rename(path, to: kept)
        onStep(.originalKept)
        try FileSystem.rename(temporary, to: path)
        onStep(.installed)
        try FileSystem.syncDirectory(of: path)
        onStep(.directorySynced)
        return UpgradeReport(originalKeptAt: kept, records: result.records, documents: result.documents, tornTailBytes: result.tornTail)
    }

    private static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(path + suffix) }
    }

    private static func convert(_ bytes: [UInt8], path: String, into temporary: String, databaseName: String) throws -> (Int, [String: Int], Int) {
        let connection = try SQLiteConnection(path: temporary, mode: .readWriteCreate)
        try Schema.initialize(connection, path: temporary)
        try Schema.configure(connection, settings: ConnectionSettings(cacheKiB: 16 * 1024, mappedBytes: 0), writer: true)
        var context = WriteContext(connection: connection, databaseName: databaseName, catalog: try Schema.loadCatalog(connection))
        // The first reader accepted what libbson-style readers do (201 levels); keep all of it.
        context.maximumDepth = 201
        var expected: [String: Int] = [:]
        var pending = 0
        try connection.execute("BEGIN IMMEDIATE")
        let scan = try DataFileScanner.scan(bytes, path: path) { operations in
            for operation in operations { try apply(operation, to: &context, counts: &expected) }
            pending += 1
            if pending >= recordsPerTransaction {
                try connection.execute("COMMIT; BEGIN IMMEDIATE")
                pending = 0
            }
        }
        if let offset = scan.corruptionOffset {
            try? connection.execute("ROLLBACK")
            throw DataFileError(kind: .corrupt(offset: offset), message: "\(path) is damaged at byte \(offset) (\(scan.damage ?? "bad frame")) and has intact records after it; it was not upgraded and is unchanged. Run `speakai verify \(path)` and restore from a backup")
        }
        let rows = TableAccess(connection: connection)
        var documents: [String: Int] = [:]
        for (name, entry) in context.catalog.collections {
            let count = try rows.count(table: entry.table)
            guard count == expected[name, default: 0] else {
                throw DataFileError(kind: .notADataFile, message: "\(path) could not be upgraded: \(name) holds \(count) documents after conversion, the log says \(expected[name, default: 0])")
            }
            documents[name] = count
        }
        try Schema.setMeta("upgrade_complete", 1, connection)
        try connection.execute("COMMIT")
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return (scan.records, documents, scan.tornTailBytes)
    }

    private static func apply(_ operation: LogOperation, to context: inout WriteContext, counts: inout [String: Int]) throws {
        switch operation {
        case .insert(let name, let document):
            try context.insert(document, into: name)
            counts[name, default: 0] += 1
        case .update(let name, let id, let document):
            let idKey = KeyString.key(id)
            guard let old = try stored(name, idKey, in: context) else { throw StoreError.storageFailure("update of a missing document in \(name)") }
            try context.replace(old, with: document, idKey: idKey, in: name)
        case .delete(let name, let id):
            let idKey = KeyString.key(id)
            guard let old = try stored(name, idKey, in: context) else { return }
            try context.delete(old, idKey: idKey, from: name)
            counts[name, default: 0] -= 1
        case .createIndex(let name, let index):
            _ = try context.createIndex(index, in: name)
        case .dropIndex(let name, let index):
            try context.dropIndex(index, in: name)
        case .dropCollection(let name):
            try context.dropCollection(name)
            counts[name] = 0
        case .createCollection(let name):
            _ = try context.entry(name, create: true)
        }
    }

    private static func stored(_ name: String, _ idKey: [UInt8], in context: WriteContext) throws -> Document? {
        guard let entry = context.catalog.collections[name] else { return nil }
        return try idKey.withUnsafeBytes { key in
            try TableAccess(connection: context.connection).withValue(table: entry.table, key: idKey) {
                try StoredDocument.decode($0, idKey: key, collection: name)
            }
        }
    }
}
