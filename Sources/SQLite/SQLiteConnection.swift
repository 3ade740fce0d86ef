import CSQLite

/// One SQLite connection, used by one thread at a time (opened with `SQLITE_OPEN_NOMUTEX`):
/// statements, transactions and the online backup. Prepared statements are cached by their text.
public final class SQLiteConnection {
    /// How a connection opens its file.
    public enum Mode: Sendable {
        /// Read and write; create the file when missing.
        case readWriteCreate
        /// Read and write an existing file.
        case readWrite
        /// Read only.
        case readOnly
    }

    let handle: OpaquePointer
    /// The file, as opened.
    public let path: String
    private var statements: [String: SQLiteStatement] = [:]
    private var keyedStatements: [StatementKey: SQLiteStatement] = [:]
    private static let statementCacheLimit = 256

    /// Opens a connection. With `gatheringLogWrites`, the connection's write-ahead log is
    /// written through `LogWrites`' VFS: each transaction's frames reach the file in one write,
    /// as soon as its commit frame is complete (and before any sync of the log).
    /// - Throws: `SQLiteError` when the file cannot be opened.
    public init(path: String, mode: Mode, gatheringLogWrites: Bool = false) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var pointer: OpaquePointer?
        let code = sqlite3_open_v2(path, &pointer, flags, gatheringLogWrites ? try LogWrites.vfsName() : nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let pointer { sqlite3_close_v2(pointer) }
            throw SQLiteError(code: code, message: "cannot open \(path): \(message)")
        }
        handle = pointer
        self.path = path
        sqlite3_extended_result_codes(pointer, 1)
    }

    deinit {
        statements.removeAll()
        keyedStatements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without results (several statements allowed).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text)
        }
    }

    /// Runs one statement without results through the statement cache (for the `BEGIN`,
    /// `COMMIT` and `SAVEPOINT`s of every transaction: no parsing on the hot path).
    public func run(_ sql: String) throws {
        try statement(sql).run()
    }

    /// The cached prepared statement for `sql`, reset and ready to bind.
    public func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else { throw lastError() }
        let statement = SQLiteStatement(handle: pointer, connection: self)
        if statements.count >= Self.statementCacheLimit {
            statements.removeAll()
            keyedStatements.removeAll()
        }
        statements[sql] = statement
        return statement
    }

    /// The cached prepared statement under a short key (cheaper to hash than the SQL), the SQL
    /// made only the first time; reset and ready to bind.
    public func statement(_ key: StatementKey, _ sql: () -> String) throws -> SQLiteStatement {
        if let cached = keyedStatements[key] {
            cached.reset()
            return cached
        }
        let statement = try self.statement(sql())
        if keyedStatements.count >= Self.statementCacheLimit { keyedStatements.removeAll() }
        keyedStatements[key] = statement
        return statement
    }

    /// Drops cached statements (after tables were dropped).
    public func forgetStatements() {
        statements.removeAll()
        keyedStatements.removeAll()
    }

    /// The single integer a query yields (e.g. `PRAGMA` values, counts), or `nil` for no row.
    public func integer(_ sql: String) throws -> Int64? {
        let statement = try self.statement(sql)
        defer { statement.reset() }
        return try statement.step() ? statement.int64(at: 0) : nil
    }

    /// The text rows a query yields in its first column (e.g. `PRAGMA integrity_check`).
    public func texts(_ sql: String) throws -> [String] {
        let statement = try self.statement(sql)
        defer { statement.reset() }
        var rows: [String] = []
        while try statement.step() { rows.append(statement.text(at: 0)) }
        return rows
    }

    /// The row id the last successful INSERT into a rowid table gave its row.
    public var lastInsertedRow: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }
    /// Rows inserted, updated or deleted on this connection since it opened.
    public var totalChanges: Int64 { Int64(sqlite3_total_changes64(handle)) }

    /// Whether a transaction is open.
    public var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The error SQLite reports for the last failed call.
    func lastError() -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Copies the whole database into `destination` (a new file) with SQLite's online backup, in
    /// steps of `pagesPerStep` pages, reporting (remaining, total) pages after each step. Readers
    /// and the writer of this database go on meanwhile; a change made during the copy restarts it.
    public func backup(to destination: SQLiteConnection, pagesPerStep: Int32 = 1024, progress: (Int, Int) -> Void = { _, _ in }) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else { throw destination.lastError() }
        var code: Int32 = SQLITE_OK
        repeat {
            code = sqlite3_backup_step(backup, pagesPerStep)
            progress(Int(sqlite3_backup_remaining(backup)), Int(sqlite3_backup_pagecount(backup)))
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(5) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finish == SQLITE_OK else { throw destination.lastError() }
    }

    /// Runs `body` with `tick` called about every `instructions` virtual-machine steps of the
    /// statements it runs on this connection (e.g. to report progress of a long `VACUUM`).
    public func whileTicking<R>(every instructions: Int32, _ tick: () -> Void, _ body: () throws -> R) rethrows -> R {
        try withoutActuallyEscaping(tick) { tick in
            var box = tick
            return try withUnsafeMutablePointer(to: &box) { pointer in
                sqlite3_progress_handler(handle, max(1, instructions), { context in
                    context?.assumingMemoryBound(to: (() -> Void).self).pointee()
                    return 0
                }, pointer)
                defer { sqlite3_progress_handler(handle, 0, nil, nil) }
                return try body()
            }
        }
    }

    /// The SQLite library's version, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
