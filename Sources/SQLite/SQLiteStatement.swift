import CSQLite

/// A prepared statement of one connection: bind, step, read columns, reset. Used by the thread
/// that owns the connection only.
public final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Clears bindings and rewinds, ready for the next use.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds a blob (copied by SQLite) to the 1-based parameter.
    public func bind(_ bytes: [UInt8], at index: Int32) throws {
        let code = bytes.withUnsafeBytes { raw in
            // A zero-length blob needs a non-nil pointer to bind as a blob, not as NULL.
            sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), SQLiteStatement.transient)
        }
        try check(code)
    }

    /// Binds an integer to the 1-based parameter.
    public func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds text to the 1-based parameter.
    public func bind(_ text: String, at index: Int32) throws {
        try check(sqlite3_bind_text(handle, index, text, -1, SQLiteStatement.transient))
    }

    /// Runs the statement one step: `true` while it yields a row, `false` when done.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.lastError()
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that yields no rows.
    public func run() throws {
        defer { reset() }
        while try step() {}
    }

    /// The integer in a 0-based column of the current row.
    public func int64(at column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The text in a 0-based column of the current row.
    public func text(at column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }

    /// Whether a column of the current row is NULL.
    public func isNull(at column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The blob in a 0-based column of the current row, copied.
    public func blob(at column: Int32) -> [UInt8] {
        withBlob(at: column) { [UInt8]($0) }
    }

    /// Lends the blob of a 0-based column of the current row; valid inside `body` only.
    public func withBlob<R>(at column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw connection.lastError() }
    }

    /// Tells SQLite to copy bound buffers (the C macro SQLITE_TRANSIENT).
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
