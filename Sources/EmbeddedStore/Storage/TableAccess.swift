import SQLite

/// Row-level access to one connection's tables. A collection's table holds `(r, k, v)`: the row
/// id (MongoDB's RecordId: natural order, what index entries point at, and for an ObjectId `_id`
/// made from the id when that row is free: `ObjectIdRow`), the `_id` key
/// (unique) and the stored document. An index table holds `(k, v, r)`: the entry key, the
/// entry's checked `_id` key and the row id of its document.
struct TableAccess {
    let connection: SQLiteConnection
    /// Whether collections' tables have row ids (every format since the third; the verifier
    /// also reads second-format files, keyed by `_id`).
    var rowIds = true

    /// The order of a walk through a collection's table.
    enum Order {
        /// By `_id` key, within a range of keys.
        case key(KeyRange)
        /// By row id: insertion order (MongoDB's natural order), the cheapest whole-table walk;
        /// from the row after `after` (before it, backwards) when set.
        case natural(after: Int64?)
    }

    /// Calls `body` with the document stored under the `_id` key `key`, if any: an ObjectId's
    /// document is first looked for in its own row (`ObjectIdRow`), then through the key.
    func withValue<R>(table: String, key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        if rowIds, let row = ObjectIdRow.row(forKey: key) {
            let statement = try connection.statement(StatementKey(table: table, shape: 5)) { "SELECT k, v FROM \"\(table)\" WHERE r = ?1" }
            defer { statement.reset() }
            try statement.bind(row, at: 1)
            if try statement.step(), statement.withBlob(at: 0, { $0.elementsEqual(key) }) {
                return try statement.withBlob(at: 1, body)
            }
        }
        let statement = try connection.statement(StatementKey(table: table, shape: 0)) { "SELECT v FROM \"\(table)\" WHERE k = ?1" }
        defer { statement.reset() }
        try statement.bind(key, at: 1)
        guard try statement.step() else { return nil }
        return try statement.withBlob(at: 0, body)
    }

    /// Calls `body` with the document in row `row` of a collection's table, if any.
    func withDocument<R>(table: String, row: Int64, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        let statement = try connection.statement(StatementKey(table: table, shape: 4)) { "SELECT v FROM \"\(table)\" WHERE r = ?1" }
        defer { statement.reset() }
        try statement.bind(row, at: 1)
        guard try statement.step() else { return nil }
        return try statement.withBlob(at: 0, body)
    }

    /// Walks a collection's documents in `order` (backwards when `reverse`) until `body` says
    /// stop; `body` gets the `_id` key, the stored document and its row id.
    func scanDocuments(table: String, order: Order, reverse: Bool,
                       _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, Int64) throws -> Bool) throws {
        let statement: SQLiteStatement
        switch order {
        case .natural(nil):
            statement = try connection.statement(StatementKey(table: table, shape: reverse ? 31 : 30)) {
                "SELECT k, v, r FROM \"\(table)\" ORDER BY r\(reverse ? " DESC" : "")"
            }
        case .natural(let after?):
            statement = try connection.statement(StatementKey(table: table, shape: reverse ? 33 : 32)) {
                "SELECT k, v, r FROM \"\(table)\" WHERE r \(reverse ? "<" : ">") ?1 ORDER BY r\(reverse ? " DESC" : "")"
            }
            try statement.bind(after, at: 1)
        case .key(let range):
            statement = try rangeStatement(table: table, range: range, reverse: reverse)
        }
        defer { statement.reset() }
        while try statement.step() {
            let row = statement.int64(at: 2)
            let proceed = try statement.withBlob(at: 0) { key in try statement.withBlob(at: 1) { value in try body(key, value, row) } }
            if !proceed { return }
        }
    }

    /// Walks the entries of an index table whose keys lie in `range`, in key order or
    /// backwards, until `body` says stop; `body` gets the entry's key, value and row id.
    func scanEntries(table: String, range: KeyRange, reverse: Bool,
                     _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, Int64) throws -> Bool) throws {
        try scanDocuments(table: table, order: .key(range), reverse: reverse, body)
    }

    /// Walks every `(k, v)` row of a table in the table's own order: row ids, or keys in a
    /// `WITHOUT ROWID` table (in any format since the second: the verifier reads files it does
    /// not convert).
    func scanPairs(table: String, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        let statement = try connection.statement("SELECT k, v FROM \"\(table)\"")
        defer { statement.reset() }
        while try statement.step() {
            let proceed = try statement.withBlob(at: 0) { key in try statement.withBlob(at: 1) { value in try body(key, value) } }
            if !proceed { return }
        }
    }

    /// How many entries of an index table name by row id a document other than the one their
    /// `_id` key names, or no document.
    func entriesNamingAnotherRow(index: String, documents: String) throws -> Int {
        Int(try connection.integer("""
            SELECT count(*) FROM "\(index)" AS x LEFT JOIN "\(documents)" AS d ON d.r = x.r
            WHERE d.k IS NULL OR d.k != substr(x.v, 1, length(x.v) - 4)
            """) ?? 0)
    }

    /// `SELECT k, v, r` over the keys in `range`, in key order or backwards, bound.
    private func rangeStatement(table: String, range: KeyRange, reverse: Bool) throws -> SQLiteStatement {
        let shape = 10 + (range.lower != nil ? 1 : 0) + (range.upper != nil ? 2 : 0) + (reverse ? 4 : 0)
        let statement = try connection.statement(StatementKey(table: table, shape: shape)) {
            "SELECT k, v, r FROM \"\(table)\"\(Self.whereClause(range, column: "k")) ORDER BY k\(reverse ? " DESC" : "")"
        }
        if let lower = range.lower { try statement.bind(lower, at: 1) }
        if let upper = range.upper { try statement.bind(upper, at: 2) }
        return statement
    }

    /// Walks the entries of an index table in a range together with the documents they name
    /// (one statement: each document is found by its row id as SQLite walks the index, with no
    /// statement per row). `body` gets the entry's key and value and the document's stored
    /// bytes (`nil` when the entry names no document).
    func scanJoined(index: String, documents: String, range: KeyRange, reverse: Bool,
                    _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws -> Bool) throws {
        // (The index table names the statement: a document table belongs to one collection.)
        let shape = 20 + (range.lower != nil ? 1 : 0) + (range.upper != nil ? 2 : 0) + (reverse ? 4 : 0)
        let statement = try connection.statement(StatementKey(table: index, shape: shape)) {
            "SELECT x.k, x.v, d.v FROM \"\(index)\" AS x LEFT JOIN \"\(documents)\" AS d ON d.r = x.r"
                + "\(Self.whereClause(range, column: "x.k")) ORDER BY x.k\(reverse ? " DESC" : "")"
        }
        defer { statement.reset() }
        if let lower = range.lower { try statement.bind(lower, at: 1) }
        if let upper = range.upper { try statement.bind(upper, at: 2) }
        while try statement.step() {
            let missing = statement.isNull(at: 2)
            let proceed = try statement.withBlob(at: 0) { key in
                try statement.withBlob(at: 1) { value in
                    try statement.withBlob(at: 2) { document in try body(key, value, missing ? nil : document) }
                }
            }
            if !proceed { return }
        }
    }

    /// ` WHERE column >= ?1 AND column < ?2` for the ends a range has.
    private static func whereClause(_ range: KeyRange, column: String) -> String {
        var conditions: [String] = []
        if range.lower != nil { conditions.append("\(column) >= ?1") }
        if range.upper != nil { conditions.append("\(column) < ?2") }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// Stores a document under its `_id` key; its new row id, or `nil` when the key is taken.
    /// An ObjectId's document takes the row made from it (`ObjectIdRow`) when that row is free,
    /// any other document (or one whose row is taken) the next row id below those.
    func insertDocument(table: String, key: [UInt8], value: [UInt8]) throws -> Int64? {
        if let row = ObjectIdRow.row(forKey: key), try insert(table: table, key: key, value: value, row: row) {
            return row
        }
        let previous = try lastRowInSequence(table: table)
        // (Past 2⁶² - 1 rows given in sequence, SQLite picks a free row id itself.)
        let row: Int64? = previous < ObjectIdRow.firstMade - 1 ? max(previous, 0) + 1 : nil
        return try insert(table: table, key: key, value: value, row: row) ? (row ?? connection.lastInsertedRow) : nil
    }

    /// The largest row id below those made from ObjectIds (0 when there is none).
    private func lastRowInSequence(table: String) throws -> Int64 {
        let statement = try connection.statement(StatementKey(table: table, shape: 7)) { "SELECT r FROM \"\(table)\" WHERE r < ?1 ORDER BY r DESC LIMIT 1" }
        defer { statement.reset() }
        try statement.bind(ObjectIdRow.firstMade, at: 1)
        return try statement.step() ? statement.int64(at: 0) : 0
    }

    /// Inserts a document in row `row` (SQLite's choice when `nil`); false when the row or the
    /// key is taken.
    private func insert(table: String, key: [UInt8], value: [UInt8], row: Int64?) throws -> Bool {
        let statement = try connection.statement(StatementKey(table: table, shape: row == nil ? 1 : 6)) {
            row == nil ? "INSERT INTO \"\(table)\"(k, v) VALUES(?1, ?2)" : "INSERT INTO \"\(table)\"(k, v, r) VALUES(?1, ?2, ?3)"
        }
        try statement.bind(key, at: 1)
        try statement.bind(value, at: 2)
        if let row { try statement.bind(row, at: 3) }
        do {
            try statement.run()
            return true
        } catch let error as SQLiteError where error.isConstraintViolation {
            return false
        }
    }

    /// Stores an index entry naming the document in row `row`; `false` when the key is taken.
    func insertEntry(table: String, key: [UInt8], value: [UInt8], row: Int64) throws -> Bool {
        let statement = try connection.statement(StatementKey(table: table, shape: 1)) { "INSERT INTO \"\(table)\"(k, v, r) VALUES(?1, ?2, ?3)" }
        try statement.bind(key, at: 1)
        try statement.bind(value, at: 2)
        try statement.bind(row, at: 3)
        do {
            try statement.run()
            return true
        } catch let error as SQLiteError where error.isConstraintViolation {
            return false
        }
    }

    /// Replaces the document stored under `key` (its row id stays); returns that row id, or
    /// `nil` when there is no such document.
    func update(table: String, key: [UInt8], value: [UInt8]) throws -> Int64? {
        let statement = try connection.statement(StatementKey(table: table, shape: 2)) { "UPDATE \"\(table)\" SET v = ?2 WHERE k = ?1 RETURNING r" }
        defer { statement.reset() }
        try statement.bind(key, at: 1)
        try statement.bind(value, at: 2)
        guard try statement.step() else { return nil }
        let row = statement.int64(at: 0)
        while try statement.step() {}
        return row
    }

    /// Removes a document (by `_id` key) or an index entry (by entry key).
    func delete(table: String, key: [UInt8]) throws {
        let statement = try connection.statement(StatementKey(table: table, shape: 3)) { "DELETE FROM \"\(table)\" WHERE k = ?1" }
        try statement.bind(key, at: 1)
        try statement.run()
    }

    /// How many rows a table holds.
    func count(table: String) throws -> Int {
        Int(try connection.integer("SELECT count(*) FROM \"\(table)\"") ?? 0)
    }

    /// Creates a collection's table.
    func createDocuments(table: String) throws {
        try connection.execute(Self.documentsTable(table))
    }

    /// Creates an index table.
    func createEntries(table: String) throws {
        try connection.execute(Self.entriesTable(table))
    }

    static func documentsTable(_ table: String) -> String {
        "CREATE TABLE \"\(table)\"(r INTEGER PRIMARY KEY, k BLOB NOT NULL UNIQUE, v BLOB NOT NULL)"
    }

    static func entriesTable(_ table: String) -> String {
        "CREATE TABLE \"\(table)\"(k BLOB PRIMARY KEY, v BLOB NOT NULL, r INTEGER NOT NULL) WITHOUT ROWID"
    }

    /// Drops a table.
    func drop(table: String) throws {
        try connection.execute("DROP TABLE IF EXISTS \"\(table)\"")
    }
}
