import BSON
import DocumentStore
import SQLite

/// Checks a data file without changing it (also while a server has it open): SQLite's own
/// integrity check, every document's checksum and BSON, every index entry's checksum and that
/// it matches its document (by `_id` key and by row id), and the entry counts. A second-format
/// file is checked as it is (the server converts it when it opens it); a first-format file is
/// scanned frame by frame.
public enum DataFileVerifier {
    /// - Throws: `DataFileError` when the file cannot be read or is not a data file.
    public static func verify(path: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> VerifyReport {
        guard FileSystem.exists(path) else { throw DataFileError(kind: .io(errno: 2), message: "\(path) does not exist") }
        let bytes = FileSystem.size(path)
        let header = try FileSystem.readAll(path, limit: 16)
        if LegacyUpgrade.isLegacy(header) { return try verifyLegacy(path, bytes: bytes) }
        guard header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw DataFileError(kind: .notADataFile, message: "\(path) is not a Speak AI data file")
        }
        let connection = try SQLiteConnection(path: path, mode: .readWrite)
        let version = try Schema.initialize(connection, path: path, acceptingKeyed: true)
        var report = VerifyReport(path: path, bytes: bytes, formatVersion: Int(version), collections: [], indexEntries: 0, problems: [], tornTailBytes: 0)
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("COMMIT") }
        let integrity = try connection.texts("PRAGMA integrity_check")
        if integrity != ["ok"] { report.problems += integrity.prefix(20).map { "SQLite: \($0)" } }
        let catalog = try Schema.loadCatalog(connection)
        let rows = TableAccess(connection: connection, rowIds: version >= 3)
        let total = try catalog.collections.values.reduce(0) { $0 + (try rows.count(table: $1.table)) }
        var done = 0
        for name in catalog.collections.keys.sorted() {
            guard let entry = catalog.collections[name] else { continue }
            var documents = 0
            var expectedEntries = [Int](repeating: 0, count: entry.indexes.count)
            try rows.scanPairs(table: entry.table) { key, value in
                done += 1
                if done % 10_000 == 0 { progress(done, total) }
                do {
                    let document = try StoredDocument.decode(value, idKey: key, collection: name)
                    documents += 1
                    if KeyString.key(document.idValue ?? .null) != [UInt8](key) {
                        report.problems.append("\(name): a document is stored under another _id's key")
                    }
                    for (i, index) in entry.indexes.enumerated() { expectedEntries[i] += index.keys(of: document).keys.count }
                } catch {
                    report.problems.append("\(name): \(error)")
                }
                return report.problems.count < 1000
            }
            for (i, index) in entry.indexes.enumerated() {
                let found = try verifyEntries(of: index, collection: entry, rows: rows, report: &report)
                if found != expectedEntries[i] {
                    report.problems.append("\(name): index \(index.name) has \(found) entries, its documents make \(expectedEntries[i])")
                }
                if version == Schema.formatVersion {
                    let misdirected = try rows.entriesNamingAnotherRow(index: index.table, documents: entry.table)
                    if misdirected > 0 {
                        report.problems.append("\(name): index \(index.name) has \(misdirected) entries whose row id names another document or none")
                    }
                }
            }
            report.collections.append(.init(name: name, documents: documents, indexes: entry.indexModels.map { $0.name ?? $0.defaultName }))
        }
        if version == Schema.formatVersion { report.documentsInSequentialRows = try RowRenumbering.candidates(connection, catalog: catalog) }
        progress(total, total)
        return report
    }

    /// Checks each entry of an index against the document it names; returns how many there are.
    private static func verifyEntries(of index: IndexDefinition, collection: Catalog.Entry, rows: TableAccess, report: inout VerifyReport) throws -> Int {
        var count = 0
        try rows.scanPairs(table: index.table) { key, value in
            count += 1
            report.indexEntries += 1
            do {
                let idKey = try StoredIndexEntry.idKey(key: key, value: value, index: index.name)
                let document = try idKey.withUnsafeBytes { id in
                    try rows.withValue(table: collection.table, key: idKey) { try StoredDocument.decode($0, idKey: id, collection: collection.name) }
                }
                guard let document else {
                    report.problems.append("\(collection.name): index \(index.name) has an entry for a missing document")
                    return report.problems.count < 1000
                }
                let full = [UInt8](key)
                let matches = index.keys(of: document).keys.contains { index.model.unique ? $0 == full : $0 + idKey == full }
                if !matches { report.problems.append("\(collection.name): index \(index.name) has an entry that does not match its document") }
            } catch {
                report.problems.append("\(collection.name): \(error)")
            }
            return report.problems.count < 1000
        }
        return count
    }

    private static func verifyLegacy(_ path: String, bytes: Int) throws -> VerifyReport {
        var counts: [String: Int] = [:]
        var indexes: [String: [String]] = [:]
        let scan = try DataFileScanner.scan(try FileSystem.readAll(path), path: path) { operations in
            for operation in operations {
                switch operation {
                case .insert(let name, _): counts[name, default: 0] += 1
                case .delete(let name, _): counts[name, default: 0] -= 1
                case .createIndex(let name, let index): indexes[name, default: []].append(index.name ?? index.defaultName)
                case .dropIndex(let name, let index): indexes[name]?.removeAll { $0 == index }
                case .dropCollection(let name): counts[name] = nil; indexes[name] = nil
                case .createCollection(let name): counts[name, default: 0] += 0
                case .update: continue
                }
            }
        }
        var report = VerifyReport(path: path, bytes: bytes, formatVersion: 1, collections: [], indexEntries: 0, problems: [], tornTailBytes: scan.tornTailBytes)
        report.collections = counts.keys.sorted().map { .init(name: $0, documents: counts[$0] ?? 0, indexes: ["_id_"] + (indexes[$0] ?? [])) }
        if let offset = scan.corruptionOffset { report.problems.append("damage at byte \(offset) with intact records after it: \(scan.damage ?? "")") }
        return report
    }
}
