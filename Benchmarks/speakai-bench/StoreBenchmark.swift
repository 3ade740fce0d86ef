import BSON
import DocumentStore
import EmbeddedStore
import Foundation

/// `speakai-bench store`: the embedded store against SQLite (WAL, synchronous=FULL, BSON blobs
/// keyed by `_id`, one indexed column) with the same durability, same machine, same run.
enum StoreBenchmark {
    static func smallDocument(_ i: Int) -> Document {
        ["_id": .objectId(ObjectId()), "email": .string("user-\(i)@example.com"), "age": .int32(Int32(i % 100)),
         "name": .string("User \(i)"), "created": .datetime(BSONDateTime(millisecondsSinceEpoch: 1_745_000_000_000 + Int64(i)))]
    }

    static func run(documents: Int, openDocuments: Int, seconds: Double) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("speakai-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        print("Store benchmark: embedded store vs SQLite \(String(cString: sqliteVersion())) (WAL, synchronous=FULL), \(directory.path)")

        let store = try EmbeddedStore(path: directory.appendingPathComponent("ours.db").path)
        let items = store.collection("items")
        try await items.createIndex(IndexModel(keys: ["email": 1]))
        let sqlitePath = directory.appendingPathComponent("sqlite.db").path
        let sqlite = try SQLiteBaseline(path: sqlitePath)
        var counter = 0
        func next() -> Document {
            counter += 1
            return smallDocument(counter)
        }

        // Durable single inserts, one writer.
        let singles = 500
        let docsA = (0..<singles).map { _ in next() }
        let docsB = (0..<singles).map { _ in next() }
        let oursSingle = try await timed(singles) { for d in docsA { try await items.insertOne(d) } }
        let sqliteSingle = try await timed(singles) { for d in docsB { try sqlite.insert(d) } }
        report("durable single inserts, 1 writer: SQLite", sqliteSingle)
        report("durable single inserts, 1 writer: ours", oursSingle, baseline: ("SQLite", sqliteSingle))

        // 16 concurrent writers.
        let perWriter = 100
        let groups = (0..<16).map { _ in (0..<perWriter).map { _ in next() } }
        let syncsBefore = store.commitCount
        let oursConcurrent = try await timed(16 * perWriter) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for docs in groups { group.addTask { for d in docs { try await items.insertOne(d) } } }
                try await group.waitForAll()
            }
        }
        let concurrentSyncs = store.commitCount - syncsBefore
        let sqliteGroups = (0..<16).map { _ in (0..<perWriter).map { _ in next() } }
        let sqliteConcurrent = try await timed(16 * perWriter) { try await sqliteWriters(path: sqlitePath, sqliteGroups) }
        report("durable inserts, 16 writers: SQLite (16 connections)", sqliteConcurrent)
        report("durable inserts, 16 writers: ours", oursConcurrent, baseline: ("SQLite", sqliteConcurrent))
        report("durable inserts, 16 writers: ours", oursConcurrent, baseline: ("our 1 writer", oursSingle))
        print("  (16 writers: \(16 * perWriter) writes in \(concurrentSyncs) syncs, \(String(format: "%.1f", Double(16 * perWriter) / Double(max(1, concurrentSyncs)))) writes per sync)")

        // Batched inserts up to the read-test size.
        let batch = 1000
        let batches = max(1, (documents - counter / 2) / batch)
        let oursBatchDocs = (0..<batches).map { _ in (0..<batch).map { _ in next() } }
        let sqliteBatchDocs = (0..<batches).map { _ in (0..<batch).map { _ in next() } }
        let oursBatched = try await timed(batches * batch) { for b in oursBatchDocs { try await items.insertMany(b) } }
        let sqliteBatched = try await timed(batches * batch) { for b in sqliteBatchDocs { try sqlite.insertBatch(b) } }
        report("batched inserts (\(batch) per commit): SQLite", sqliteBatched)
        report("batched inserts (\(batch) per commit): ours", oursBatched, baseline: ("SQLite", sqliteBatched))

        // Reads over what both now hold.
        let oursIds = oursBatchDocs.flatMap { $0 }.compactMap { $0["_id"] }
        let sqliteIds = sqliteBatchDocs.flatMap { $0 }.compactMap { $0["_id"]?.objectIdValue }
        let oursEmails = oursBatchDocs.flatMap { $0 }.compactMap { $0["email"] }
        let sqliteEmails = sqliteBatchDocs.flatMap { $0 }.compactMap { $0["email"]?.stringValue }
        print("  (reads below: \(try await items.countDocuments()) documents in ours, \(try sqlite.count()) in SQLite)")
        var i = 0
        let oursPoint = try await asyncOpsPerSecond(seconds: seconds) {
            i &+= 7919
            return try await items.findOne(["_id": oursIds[i % oursIds.count]]) == nil ? 0 : 1
        }
        let sqlitePoint = try opsPerSecond(seconds: seconds) {
            i &+= 7919
            return try sqlite.find(id: sqliteIds[i % sqliteIds.count]) == nil ? 0 : 1
        }
        report("_id point reads: SQLite (decoded to Document)", sqlitePoint)
        report("_id point reads: ours", oursPoint, baseline: ("SQLite", sqlitePoint))

        let oursIndexed = try await asyncOpsPerSecond(seconds: seconds) {
            i &+= 7919
            return try await items.find(["email": oursEmails[i % oursEmails.count]]).count
        }
        let sqliteIndexed = try opsPerSecond(seconds: seconds) {
            i &+= 7919
            return try sqlite.find(email: sqliteEmails[i % sqliteEmails.count]).count
        }
        report("indexed equality finds: SQLite", sqliteIndexed)
        report("indexed equality finds: ours", oursIndexed, baseline: ("SQLite", sqliteIndexed))

        let oursScan = try await asyncOpsPerSecond(seconds: seconds) { try await items.find(["age": ["$gt": 97]]).count }
        let sqliteScan = try opsPerSecond(seconds: seconds) { try sqlite.find(ageAbove: 97).count }
        report("filtered scans (age > 97, no index), per scan: SQLite", sqliteScan)
        report("filtered scans (age > 97, no index), per scan: ours", oursScan, baseline: ("SQLite", sqliteScan))
        try await store.close()

        try await OpenBenchmark.run(directory: directory, documents: openDocuments)
    }

    private static func sqliteVersion() -> UnsafePointer<CChar> { sqliteLibraryVersion() }

    /// Seconds for `body`, as operations per second.
    static func timed(_ operations: Int, _ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = start.duration(to: clock.now)
        return Double(operations) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// 16 threads, each with its own SQLite connection, inserting in autocommit.
    private static func sqliteWriters(path: String, _ groups: [[Document]]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for docs in groups {
                group.addTask {
                    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                        Thread {
                            do {
                                let connection = try SQLiteBaseline(path: path)
                                for d in docs { try connection.insert(d) }
                                continuation.resume()
                            } catch {
                                continuation.resume(throwing: error)
                            }
                        }.start()
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
