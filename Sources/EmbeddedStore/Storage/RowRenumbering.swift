import DocumentStore
import SQLite

/// Moves documents whose `_id` is an ObjectId but which sit in a row given in sequence (stored
/// before rows were made from ObjectIds, or converted from the second format) into the row made
/// from their id (`ObjectIdRow`) when it is free, and points their index entries at it. Their
/// `_id` look-ups then read one B-tree instead of two, as a document stored today does.
///
/// Runs inside the caller's transaction: a failure or a crash leaves every row where it was.
/// Memory stays bounded: rows are read in slices, the moves are kept in a temporary table.
enum RowRenumbering {
    /// Rows read per slice.
    static let slice = 10_000

    /// What moved.
    struct Outcome: Sendable, Equatable {
        /// Documents moved into the rows made from their ids.
        var documents = 0
        /// Index entries pointed at the new rows.
        var indexEntries = 0
    }

    /// Selects the rows given in sequence that hold an ObjectId's document (a 13-byte key of
    /// the ObjectId type).
    private static let inSequence: String = {
        let tag = String(ObjectIdRow.objectIdRank, radix: 16)
        return "r < \(ObjectIdRow.firstMade) AND length(k) = 13 AND substr(k, 1, 1) = x'\(tag.count == 1 ? "0" : "")\(tag)'"
    }()

    /// How many documents with ObjectIds sit in rows given in sequence (the most that can
    /// move), in every collection.
    static func candidates(_ connection: SQLiteConnection, catalog: Catalog) throws -> Int {
        var total = 0
        for entry in catalog.collections.values {
            total += Int(try connection.integer("SELECT count(*) FROM \"\(entry.table)\" WHERE \(inSequence)") ?? 0)
        }
        return total
    }

    /// Moves what can move in every collection. `progress` gets (documents looked at, documents
    /// to look at) after each slice.
    /// - Throws: what SQLite threw, or `StoreError` when an index entry names a missing row
    ///   afterwards (the caller rolls back).
    static func apply(_ connection: SQLiteConnection, progress: (Int, Int) -> Void = { _, _ in }) throws -> Outcome {
        let catalog = try Schema.loadCatalog(connection)
        let total = try candidates(connection, catalog: catalog)
        var outcome = Outcome()
        var looked = 0
        guard total > 0 else { return outcome }
        try connection.execute("CREATE TEMP TABLE IF NOT EXISTS speakai_moved(old INTEGER PRIMARY KEY, new INTEGER NOT NULL)")
        defer { _ = try? connection.execute("DROP TABLE IF EXISTS temp.speakai_moved") }
        let rows = TableAccess(connection: connection)
        for entry in catalog.collections.values {
            let table = entry.table
            try connection.execute("DELETE FROM temp.speakai_moved")
            var moved = 0
            var after = Int64.min
            while true {
                let slice = try sequentialRows(table: table, after: after, connection)
                guard let last = slice.last else { break }
                after = last.row
                for (row, key) in slice {
                    guard let made = ObjectIdRow.row(forKey: key), try move(table: table, from: row, to: made, connection) else { continue }
                    moved += 1
                }
                looked += slice.count
                progress(looked, total)
            }
            outcome.documents += moved
            guard moved > 0 else { continue }
            for index in entry.indexes.map(\.table) {
                try connection.execute("UPDATE \"\(index)\" SET r = m.new FROM temp.speakai_moved AS m WHERE m.old = \"\(index)\".r")
                outcome.indexEntries += connection.changes
                let astray = try rows.entriesNamingAnotherRow(index: index, documents: table)
                guard astray == 0 else {
                    throw StoreError.storageFailure("index table \(index): \(astray) entries name no document or another one after moving rows")
                }
            }
        }
        return outcome
    }

    /// Up to `slice` ObjectId documents' rows given in sequence after row `after`, in row order,
    /// with their `_id` keys.
    private static func sequentialRows(table: String, after: Int64, _ connection: SQLiteConnection) throws -> [(row: Int64, key: [UInt8])] {
        let statement = try connection.statement("SELECT r, k FROM \"\(table)\" WHERE r > ?1 AND \(inSequence) ORDER BY r LIMIT \(slice)")
        defer { statement.reset() }
        try statement.bind(after, at: 1)
        var found: [(row: Int64, key: [UInt8])] = []
        found.reserveCapacity(slice)
        while try statement.step() {
            found.append((statement.int64(at: 0), statement.withBlob(at: 1) { [UInt8]($0) }))
        }
        return found
    }

    /// Moves the document in row `from` to row `to` and records the move; false when `to` is
    /// taken (by a document whose id makes the same row).
    private static func move(table: String, from: Int64, to: Int64, _ connection: SQLiteConnection) throws -> Bool {
        let update = try connection.statement("UPDATE \"\(table)\" SET r = ?2 WHERE r = ?1")
        try update.bind(from, at: 1)
        try update.bind(to, at: 2)
        do {
            try update.run()
        } catch let error as SQLiteError where error.isConstraintViolation {
            return false
        }
        let record = try connection.statement("INSERT INTO temp.speakai_moved(old, new) VALUES(?1, ?2)")
        try record.bind(from, at: 1)
        try record.bind(to, at: 2)
        try record.run()
        return true
    }
}
