import BSON
import CSQLite
import DocumentStore
import EmbeddedStore
import Foundation

/// `speakai-bench store-renumber [--docs N]`: a file as written before documents were stored in
/// rows made from their ObjectIds (every row given in sequence) against the same documents as
/// stored today, cold `_id` reads in alternating rounds; then `speakai compact`'s move on the
/// old file (timed), and the same comparison again.
enum RenumberBenchmark {
    static func run(documents: Int, options: EmbeddedStore.Options) async throws {
        let directory = try scratchDirectory("speakai-renumber")
        defer { try? FileManager.default.removeItem(at: directory) }
        let today = directory.appendingPathComponent("today.db").path
        let old = directory.appendingPathComponent("old.db").path
        print("Rows made from ObjectIds: \(documents) small documents with an index, a file with them in rows given in sequence (as before) vs today's")
        var ids: [ObjectId] = []
        do {
            let store = try EmbeddedStore(path: today, options: options)
            try await store.collection("items").createIndex(IndexModel(keys: ["email": 1]))
            var written = 0
            while written < documents {
                let batch = (0..<min(10_000, documents - written)).map { StoreBenchmark.smallDocument(written + $0) }
                try await store.collection("items").insertMany(batch)
                ids += batch.compactMap { $0["_id"]?.objectIdValue }
                written += batch.count
            }
            try await store.close()
        }
        try FileManager.default.copyItem(atPath: today, toPath: old)
        try moveIntoSequentialRows(old)

        func cold(_ path: String) async throws -> Double { try await ScaleBenchmark.coldReads(path, ids: ids, options: options) }
        let before = try await Comparison.alternating(rounds: 9, ours: { try await cold(old) }, baseline: { try await cold(today) })
        report("_id point reads, cold: old layout", before, baselineName: "today's")

        let clock = ContinuousClock()
        let start = clock.now
        let moved = try DataFileMaintenance.compact(path: old).documentsMoved
        print("  compact moved \(moved) documents into their rows in \(start.duration(to: clock.now)) (copy included)")
        let after = try await Comparison.alternating(rounds: 9, ours: { try await cold(old) }, baseline: { try await cold(today) })
        report("_id point reads, cold: old layout compacted", after, baselineName: "today's")
    }

    /// Gives every document of the closed file a row in sequence (2⁶² lower), index entries
    /// with it: the layout of files written before rows were made from ObjectIds.
    private static func moveIntoSequentialRows(_ path: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        var tables: [String] = []
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT tbl FROM speakai_collections UNION ALL SELECT tbl FROM speakai_indexes", -1, &statement, nil) == SQLITE_OK else {
            throw BenchError("reading the catalog: \(String(cString: sqlite3_errmsg(db)))")
        }
        while sqlite3_step(statement) == SQLITE_ROW, let name = sqlite3_column_text(statement, 0) { tables.append(String(cString: name)) }
        sqlite3_finalize(statement)
        let updates = tables.map { "UPDATE \"\($0)\" SET r = r - 4611686018427387904 WHERE r >= 4611686018427387904;" }
        let sql = "BEGIN; " + updates.joined(separator: " ") + " COMMIT; PRAGMA wal_checkpoint(TRUNCATE);"
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchError("moving rows: \(String(cString: sqlite3_errmsg(db)))") }
    }
}
