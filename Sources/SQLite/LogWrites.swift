import CSQLite
import CSQLiteWALWrites

/// The VFS that gathers a transaction's write-ahead-log writes into one (see `wal_writes.h`).
/// SQLite writes each frame as a 24-byte header and then the page: two writes per page, and a
/// small commit that dirtied three pages makes six writes before its sync. Through this VFS it
/// makes one, written out when the commit frame is complete (before SQLite syncs the log or
/// tells readers of the commit), so what a reader or a crash sees is what SQLite wrote. Reads,
/// the database file and every other file go straight to SQLite's default VFS.
public enum LogWrites {
    /// How many writes SQLite asked of a connection's log, and how many reached the file.
    public struct Counts: Sendable, Equatable {
        /// Writes SQLite asked for.
        public var requested: Int
        /// Writes made to the file.
        public var made: Int
    }

    private static let registration = speakai_wal_writes_register()

    /// The VFS's name, registered on first use.
    /// - Throws: `SQLiteError` when SQLite refused to register it.
    static func vfsName() throws -> String {
        guard registration == SQLITE_OK else {
            throw SQLiteError(code: registration, message: "cannot register the \(SPEAKAI_WAL_WRITES_VFS) VFS")
        }
        return SPEAKAI_WAL_WRITES_VFS
    }
}

extension SQLiteConnection {
    /// The writes this connection's log was asked for and made since it was opened; `nil` when
    /// the log is not open or not written through `LogWrites`.
    public var logWriteCounts: LogWrites.Counts? {
        var requested: Int64 = 0
        var made: Int64 = 0
        guard speakai_wal_writes_counts(handle, &requested, &made) == 1 else { return nil }
        return LogWrites.Counts(requested: Int(requested), made: Int(made))
    }
}
