import Foundation
import SQLite
import Testing

/// The VFS that gathers each transaction's write-ahead-log writes into one (`LogWrites`): fewer
/// writes, and nothing a reader, a rollback or a reopening sees differs from SQLite's own.
@Suite struct LogWritesTests {
    /// A connection writing through the VFS in WAL mode, with `synchronous` as given, a table
    /// `t(r INTEGER PRIMARY KEY, k BLOB UNIQUE, v BLOB)` and an index on `v`'s length.
    private func openWriter(_ path: String, synchronous: String = "FULL", cachePages: Int = 2000) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, mode: .readWriteCreate, gatheringLogWrites: true)
        try connection.execute("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=\(synchronous); PRAGMA cache_size=\(cachePages);
            CREATE TABLE IF NOT EXISTS t(r INTEGER PRIMARY KEY, k BLOB NOT NULL UNIQUE, v BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS t_size ON t(length(v));
            """)
        return connection
    }

    private func insert(_ connection: SQLiteConnection, row: Int64, size: Int) throws {
        let statement = try connection.statement("INSERT OR REPLACE INTO t(r, k, v) VALUES(?1, ?2, ?3)")
        try statement.bind(row, at: 1)
        try statement.bind(Array("key-\(row)".utf8), at: 2)
        try statement.bind(Self.value(row: row, size: size), at: 3)
        try statement.run()
    }

    private static func value(row: Int64, size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: Int(row) &* 31 &+ $0) }
    }

    /// Every row's value, by row id, as a reader sees it.
    private func rows(_ connection: SQLiteConnection) throws -> [Int64: [UInt8]] {
        let statement = try connection.statement("SELECT r, v FROM t")
        defer { statement.reset() }
        var rows: [Int64: [UInt8]] = [:]
        while try statement.step() { rows[statement.int64(at: 0)] = statement.blob(at: 1) }
        return rows
    }

    @Test func smallCommitsMakeOneWriteEach() async throws {
        try await withDataFile { path in
            // Given a writer through the VFS and a reader that is not.
            let writer = try openWriter(path)
            let reader = try SQLiteConnection(path: path, mode: .readOnly)
            let before = try #require(writer.logWriteCounts)
            // When 100 transactions each insert one row (a table page and two index pages).
            for row in Int64(1)...100 {
                try writer.run("BEGIN IMMEDIATE")
                try insert(writer, row: row, size: 100)
                try writer.run("COMMIT")
                // Then each is whole for the reader as soon as it is committed.
                #expect(try reader.integer("SELECT count(*) FROM t") == row)
            }
            // And SQLite's writes (a header and a page per frame, three frames per commit)
            // reached the file as one per commit, plus the log's header.
            let after = try #require(writer.logWriteCounts)
            #expect(after.requested - before.requested >= 600)
            #expect(after.made - before.made <= 102)
            #expect(try rows(reader) == Dictionary(uniqueKeysWithValues: (Int64(1)...100).map { ($0, Self.value(row: $0, size: 100)) }))
        }
    }

    @Test func transactionsLargerThanTheBufferAndTheCacheReadBack() async throws {
        try await withDataFile { path in
            // Given a writer with a 10-page cache, so a large transaction spills pages into the
            // log before its commit and reads them back from there.
            var expected: [Int64: [UInt8]] = [:]
            do {
                let writer = try openWriter(path, cachePages: 10)
                // When one transaction writes 3 MB, rewriting a third of its rows as it goes.
                try writer.run("BEGIN IMMEDIATE")
                for row in Int64(1)...2000 {
                    try insert(writer, row: row, size: 1500)
                    expected[row] = Self.value(row: row, size: 1500)
                    if row % 3 == 0 {
                        try insert(writer, row: row / 3, size: 700)
                        expected[row / 3] = Self.value(row: row / 3, size: 700)
                    }
                }
                try writer.run("COMMIT")
                // And a second one spills and is rolled back.
                try writer.run("BEGIN IMMEDIATE")
                for row in Int64(1)...600 { try insert(writer, row: row, size: 3000) }
                try writer.run("ROLLBACK")
                // And a third commits after it.
                try writer.run("BEGIN IMMEDIATE")
                try insert(writer, row: 5000, size: 10)
                try writer.run("COMMIT")
                expected[5000] = Self.value(row: 5000, size: 10)
                let counts = try #require(writer.logWriteCounts)
                #expect(counts.made < counts.requested)

                // Then a reader sees exactly the committed rows, and the file is sound.
                let reader = try SQLiteConnection(path: path, mode: .readOnly)
                #expect(try rows(reader) == expected)
                #expect(try reader.texts("PRAGMA integrity_check") == ["ok"])
                #expect(try writer.texts("PRAGMA integrity_check") == ["ok"])
            }
            // And so does a connection that opens the file after both closed.
            let reopened = try SQLiteConnection(path: path, mode: .readOnly)
            #expect(try rows(reopened) == expected)
        }
    }

    @Test func commitsThatAreNotSyncedAreStillWrittenBeforeReadersSeeThem() async throws {
        try await withDataFile { path in
            // Given a writer whose commits do not sync (no sync tells the VFS to write out).
            let writer = try openWriter(path, synchronous: "OFF")
            let reader = try SQLiteConnection(path: path, mode: .readOnly)
            // When it commits rows one by one, then the reader sees each one whole at once:
            // the complete commit frame is what writes the gathered frames out.
            for row in Int64(1)...50 {
                try insert(writer, row: row, size: 300)
                let statement = try reader.statement("SELECT v FROM t WHERE r = ?1")
                try statement.bind(row, at: 1)
                #expect(try statement.step())
                #expect(statement.blob(at: 0) == Self.value(row: row, size: 300))
                statement.reset()
            }
            #expect(try reader.texts("PRAGMA integrity_check") == ["ok"])
        }
    }

    @Test func connectionsOutsideTheVFSHaveNoCounts() async throws {
        try await withDataFile { path in
            let plain = try SQLiteConnection(path: path, mode: .readWriteCreate)
            try plain.execute("PRAGMA journal_mode=WAL; CREATE TABLE t(x)")
            #expect(plain.logWriteCounts == nil)
        }
    }
}
