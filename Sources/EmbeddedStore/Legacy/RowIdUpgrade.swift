import DocumentStore
import SQLite

/// Converts a second-format file (documents kept by `_id` key, index entries naming `_id` keys)
/// to the third, in place and in one SQLite transaction: each collection's table is rebuilt
/// with row ids (in `_id` order) and each index table gains its entries' row ids; then each
/// ObjectId's document moves into the row made from its id (`RowRenumbering`); counts are
/// checked before the commit. A crash or a failure at any point leaves the file as it was.
enum RowIdUpgrade {
    /// Converts the locked file at `path` when it is in the second format; `nil` when it is not.
    /// - Throws: `DataFileError` (the file unchanged) when its tables disagree, e.g. an index
    ///   entry names a document that does not exist.
    static func convertIfNeeded(_ path: String) throws -> RowIdUpgradeReport? {
        let connection = try SQLiteConnection(path: path, mode: .readWrite)
        try connection.execute("PRAGMA busy_timeout=10000")
        guard try Schema.initialize(connection, path: path, acceptingKeyed: true) == Schema.keyedFormatVersion else { return nil }
        try connection.execute("BEGIN IMMEDIATE")
        do {
            var report = try convert(connection)
            report.documentsMoved = try RowRenumbering.apply(connection).documents
            try Schema.setMeta("format_version", Schema.formatVersion, connection)
            try connection.execute("COMMIT")
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return report
        } catch {
            try? connection.execute("ROLLBACK")
            throw DataFileError(kind: .notADataFile, message: "\(path) could not be converted to data format \(Schema.formatVersion) (the file is unchanged): \(error)")
        }
    }

    private static func convert(_ connection: SQLiteConnection) throws -> RowIdUpgradeReport {
        var report = RowIdUpgradeReport()
        let rows = TableAccess(connection: connection)
        for (collection, table) in try pairs("SELECT name, tbl FROM speakai_collections", connection) {
            let count = try rows.count(table: table)
            try connection.execute("ALTER TABLE \"\(table)\" RENAME TO \"\(table)_v2\"")
            try rows.createDocuments(table: table)
            try connection.execute("INSERT INTO \"\(table)\"(k, v) SELECT k, v FROM \"\(table)_v2\" ORDER BY k")
            try rows.drop(table: table + "_v2")
            try check(rows.count(table: table), count, "\(collection): documents")
            report.documents += count
            report.collections += 1
        }
        let indexes = try pairs("SELECT i.tbl, c.tbl FROM speakai_indexes AS i JOIN speakai_collections AS c ON c.name = i.collection", connection)
        for (index, documents) in indexes {
            let count = try rows.count(table: index)
            try connection.execute("ALTER TABLE \"\(index)\" RENAME TO \"\(index)_v2\"")
            try rows.createEntries(table: index)
            try connection.execute("""
                INSERT INTO "\(index)"(k, v, r) SELECT x.k, x.v, d.r FROM "\(index)_v2" AS x
                JOIN "\(documents)" AS d ON d.k = substr(x.v, 1, length(x.v) - 4)
                """)
            try rows.drop(table: index + "_v2")
            try check(rows.count(table: index), count, "index table \(index): entries that name a stored document")
            report.indexEntries += count
        }
        return report
    }

    private static func pairs(_ sql: String, _ connection: SQLiteConnection) throws -> [(String, String)] {
        let statement = try connection.statement(sql)
        defer { statement.reset() }
        var result: [(String, String)] = []
        while try statement.step() { result.append((statement.text(at: 0), statement.text(at: 1))) }
        return result
    }

    private static func check(_ found: Int, _ expected: Int, _ what: String) throws {
        guard found == expected else {
            throw StoreError.storageFailure("\(what): \(found) after conversion, \(expected) before; run `speakai verify`")
        }
    }
}

/// What converting a second-format file to the third did.
public struct RowIdUpgradeReport: Sendable, CustomStringConvertible {
    public var collections = 0
    public var documents = 0
    public var indexEntries = 0
    /// Documents moved into the rows made from their ObjectIds.
    public var documentsMoved = 0

    public var description: String {
        "converted from data format 2 to 3: \(documents) documents in \(collections) collections, \(indexEntries) index entries"
            + " (\(documentsMoved) documents in rows made from their ObjectIds)"
    }
}
