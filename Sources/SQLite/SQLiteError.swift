import CSQLite

/// A failed SQLite call: its result code (extended where SQLite gives one) and message.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite's (extended) result code.
    public let code: Int32
    /// SQLite's message, or the call that failed.
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The primary result code (the low byte of an extended one).
    public var primaryCode: Int32 { code & 0xFF }

    /// A UNIQUE or PRIMARY KEY constraint refused a row.
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    /// A statement named a table that does not exist (in this connection's snapshot).
    public var isMissingTable: Bool { primaryCode == SQLITE_ERROR && message.hasPrefix("no such table") }

    /// The disk is full (or a write was cut short): nothing of the transaction was made durable.
    public var isDiskFull: Bool { primaryCode == SQLITE_FULL }

    /// The file is not a database or is damaged.
    public var isCorruption: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }

    public var description: String { "SQLite error \(code): \(message)" }
}
