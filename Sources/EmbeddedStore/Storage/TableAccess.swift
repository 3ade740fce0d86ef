import SQLite

/// Row-level access to the `(k, v)` tables of one connection: look-ups and ordered range scans.
struct TableAccess {
    let connection: SQLiteConnection

    /// Calls `body` with the value stored under `key`, if any.
    func withValue<R>(table: String, key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        let statement = try connection.statement(StatementKey(table: table, shape: 0)) { "SELECT v FROM \"\(table)\" WHERE k = ?1" }
        defer { statement.reset() }
        try statement.bind(key, at: 1)
        guard try statement.step() else { return nil }
        return try statement.withBlob(at: 0, body)
    }

    /// Walks the rows whose keys lie in `range`, in key order or backwards, until `body` says stop.
    func scan(table: String, range: KeyRange, reverse: Bool, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        let shape = 10 + (range.lower != nil ? 1 : 0) + (range.upper != nil ? 2 : 0) + (reverse ? 4 : 0)
        let statement = try connection.statement(StatementKey(table: table, shape: shape)) {
            "SELECT k, v FROM \"\(table)\"\(Self.whereClause(range, column: "k")) ORDER BY k\(reverse ? " DESC" : "")"
        }
        defer { statement.reset() }
        if let lower = range.lower { try statement.bind(lower, at: 1) }
        if let upper = range.upper { try statement.bind(upper, at: 2) }
        while try statement.step() {
            let proceed = try statement.withBlob(at: 0) { key in
                try statement.withBlob(at: 1) { value in try body(key, value) }
            }
            if !proceed { return }
        }
    }

    /// Walks the entries of an index table in a range together with the documents they name
    /// (one statement: the document is found by its table's primary key as SQLite walks the
    /// index, with no statement per row). `body` gets the entry's key and value and the
    /// document's stored bytes (`nil` when the entry names no document).
    func scanJoined(index: String, documents: String, range: KeyRange, reverse: Bool,
                    _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws -> Bool) throws {
        // (The index table names the statement: a document table belongs to one collection.)
        let shape = 20 + (range.lower != nil ? 1 : 0) + (range.upper != nil ? 2 : 0) + (reverse ? 4 : 0)
        let statement = try connection.statement(StatementKey(table: index, shape: shape)) {
            "SELECT x.k, x.v, d.v FROM \"\(index)\" AS x LEFT JOIN \"\(documents)\" AS d ON d.k = substr(x.v, 1, length(x.v) - 4)"
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

    /// Stores a row; `false` when the key is taken (a constraint refused it).
    func insert(table: String, key: [UInt8], value: [UInt8]) throws -> Bool {
        let statement = try connection.statement(StatementKey(table: table, shape: 1)) { "INSERT INTO \"\(table)\"(k, v) VALUES(?1, ?2)" }
        try statement.bind(key, at: 1)
        try statement.bind(value, at: 2)
        do {
            try statement.run()
            return true
        } catch let error as SQLiteError where error.isConstraintViolation {
            return false
        }
    }

    /// Replaces the value of an existing row.
    func update(table: String, key: [UInt8], value: [UInt8]) throws {
        let statement = try connection.statement(StatementKey(table: table, shape: 2)) { "UPDATE \"\(table)\" SET v = ?2 WHERE k = ?1" }
        try statement.bind(key, at: 1)
        try statement.bind(value, at: 2)
        try statement.run()
    }

    /// Removes a row.
    func delete(table: String, key: [UInt8]) throws {
        let statement = try connection.statement(StatementKey(table: table, shape: 3)) { "DELETE FROM \"\(table)\" WHERE k = ?1" }
        try statement.bind(key, at: 1)
        try statement.run()
    }

    /// How many rows a table holds.
    func count(table: String) throws -> Int {
        Int(try connection.integer("SELECT count(*) FROM \"\(table)\"") ?? 0)
    }

    /// Creates a `(k, v)` table.
    func create(table: String) throws {
        try connection.execute("CREATE TABLE \"\(table)\"(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID")
    }

    /// Drops a table.
    func drop(table: String) throws {
        try connection.execute("DROP TABLE IF EXISTS \"\(table)\"")
    }
}
