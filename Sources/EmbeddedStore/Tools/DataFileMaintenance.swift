import SQLite

/// A step of compaction or backup, reported to an observer (tests stop the process at each).
public enum CopyStep: Sendable, CaseIterable {
    /// The copy is written to the temporary file.
    case snapshotWritten
    /// The copy is durable in the temporary file.
    case snapshotSynced
    /// The temporary file has taken the final name.
    case renamed
    /// The directory entry is durable.
    case directorySynced
}

/// What compaction or a backup did.
public struct CopyReport: Sendable {
    public var bytesBefore: Int
    public var bytesAfter: Int
    /// Documents compaction moved into the rows made from their ObjectIds (`RowRenumbering`).
    public var documentsMoved = 0
}

/// Compaction and online backup of a data file.
public enum DataFileMaintenance {
    /// Rewrites the file without free pages (`VACUUM INTO` a temporary file, synced, renamed
    /// over the file, directory synced). The server must not have it open: the file is locked
    /// for the whole run. A crash at any point leaves the old file or the new one, both whole.
    /// First, in one transaction of its own, documents stored in rows given in sequence move
    /// into the rows made from their ObjectIds (`RowRenumbering`: faster `_id` look-ups for
    /// files written before rows were made so); `renumbering` gets (documents looked at,
    /// documents that may move). `progress` gets (bytes written, bytes expected) now and then while the copy is
    /// written, and last (size of the copy, size of the copy).
    public static func compact(path: String, renumbering: (Int, Int) -> Void = { _, _ in }, progress: (Int, Int) -> Void = { _, _ in },
                               onStep: (CopyStep) -> Void = { _ in }) throws -> CopyReport {
        try compact(path: path, progressEvery: 50_000, renumbering: renumbering, progress: progress, onStep: onStep)
    }

    /// `compact`, telling progress about every `instructions` steps of SQLite's machine.
    static func compact(path: String, progressEvery instructions: Int32, renumbering: (Int, Int) -> Void = { _, _ in },
                        progress: (Int, Int) -> Void, onStep: (CopyStep) -> Void) throws -> CopyReport {
        guard FileSystem.exists(path) else { throw DataFileError(kind: .io(errno: 2), message: "\(path) does not exist") }
        let lock = try FileLock(path: path)
        defer { lock.release() }
        guard lock.header(16).starts(with: Array("SQLite format 3\0".utf8)) else {
            throw DataFileError(kind: .notADataFile, message: "\(path) is not in the current format; open it once (e.g. `speakai serve`) to upgrade it first")
        }
        let temporary = path + ".compact"
        FileSystem.remove(temporary)
        let before = FileSystem.size(path)
        var moved = 0
        do {
            let connection = try SQLiteConnection(path: path, mode: .readWrite)
            try Schema.initialize(connection, path: path)
            moved = try renumber(connection, progress: renumbering)
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            // The copy holds every page in use: the file's pages less its free list.
            let pages = (try connection.integer("PRAGMA page_count") ?? 0) - (try connection.integer("PRAGMA freelist_count") ?? 0)
            let expected = Int(max(1, pages) * (try connection.integer("PRAGMA page_size") ?? 4096))
            let statement = try connection.statement("VACUUM INTO ?1")
            try statement.bind(temporary, at: 1)
            try connection.whileTicking(every: instructions, { progress(min(FileSystem.size(temporary), expected), expected) }) {
                try statement.run()
            }
            let written = FileSystem.size(temporary)
            progress(written, written)
        }
        try install(temporary, as: path, onStep: onStep)
        return CopyReport(bytesBefore: before, bytesAfter: FileSystem.size(path), documentsMoved: moved)
    }

    /// Moves documents into the rows made from their ObjectIds, in one durable transaction
    /// (rolled back on any failure); how many moved.
    /// (With nothing to move the transaction writes nothing.)
    private static func renumber(_ connection: SQLiteConnection, progress: (Int, Int) -> Void) throws -> Int {
        try connection.execute("PRAGMA synchronous=FULL; BEGIN IMMEDIATE")
        do {
            let outcome = try RowRenumbering.apply(connection, progress: progress)
            try connection.execute("COMMIT")
            return outcome.documents
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Copies the file to `destination` with SQLite's online backup, while a server may go on
    /// reading and writing it: the copy is one consistent snapshot, written to
    /// `<destination>.partial`, synced, then renamed. `progress` gets (pages copied, pages).
    public static func backup(path: String, to destination: String, progress: (Int, Int) -> Void = { _, _ in },
                              onStep: (CopyStep) -> Void = { _ in }) throws -> CopyReport {
        guard FileSystem.exists(path) else { throw DataFileError(kind: .io(errno: 2), message: "\(path) does not exist") }
        let temporary = destination + ".partial"
        for suffix in ["", "-wal", "-shm", "-journal"] { FileSystem.remove(temporary + suffix) }
        do {
            let source = try SQLiteConnection(path: path, mode: .readWrite)
            try Schema.initialize(source, path: path)
            try source.execute("PRAGMA busy_timeout=10000")
            let copy = try SQLiteConnection(path: temporary, mode: .readWriteCreate)
            try source.backup(to: copy, pagesPerStep: -1) { remaining, total in progress(total - remaining, total) }
            try copy.execute("PRAGMA journal_mode=DELETE")
        }
        try install(temporary, as: destination, onStep: onStep)
        return CopyReport(bytesBefore: FileSystem.size(path), bytesAfter: FileSystem.size(destination))
    }

    /// Makes a written copy durable and gives it its final name: sync the file, rename it, sync
    /// the directory, reporting each step. A crash at any step leaves either the old file or
    /// the whole new one under the name.
    private static func install(_ temporary: String, as destination: String, onStep: (CopyStep) -> Void) throws {
        onStep(.snapshotWritten)
        try FileSystem.syncFile(temporary)
        onStep(.snapshotSynced)
        try FileSystem.rename(temporary, to: destination)
        onStep(.renamed)
        try FileSystem.syncDirectory(of: destination)
        onStep(.directorySynced)
    }
}
