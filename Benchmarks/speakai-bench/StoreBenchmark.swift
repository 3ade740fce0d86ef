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

    static func run(documents: Int, openDocuments: Int, seconds: Double, options: EmbeddedStore.Options) async throws {
        let directory = try scratchDirectory("speakai-bench")
        defer { try? FileManager.default.removeItem(at: directory) }
        print("Store benchmark: embedded store vs SQLite \(String(cString: sqliteVersion())) (WAL, synchronous=FULL), \(directory.path)")

        let store = try EmbeddedStore(path: directory.appendingPathComponent("ours.db").path, options: options)
        let items = store.collection("items")
        try await items.createIndex(IndexModel(keys: ["email": 1]))
        let sqlitePath = directory.appendingPathComponent("sqlite.db").path
        let sqlite = try SQLiteBaseline(path: sqlitePath)
        var counter = 0
        func next() -> Document {
            counter += 1
            return smallDocument(counter)
        }

        // Durable single inserts, one writer: rounds of 500 each (long enough that a round is
        // steady state, not the wake-up of a writer that slept through the other side's round);
        // 25 of them (about 10 s), as one durable insert here varies by ±30% from one moment to
        // the next and nine rounds' median still moved by ±0.1 between runs.
        let single = try await Comparison.alternating(rounds: 25, ours: {
            try await insertRound((0..<500).map { _ in next() }) { try await items.insertOne($0) }
        }, baseline: {
            try await insertRound((0..<500).map { _ in next() }) { try sqlite.insert($0) }
        })
        report("durable single inserts, 1 writer", single)

        // Where the gap to SQLite lies: the store's tables written plainly, and the store.
        try await InsertBreakdown.run(directory: directory, options: options)

        // What gathering each commit's WAL writes into one is worth (two stores of their own, so
        // the stores compared below with SQLite keep the same documents).
        report("durable single inserts, gathered WAL writes",
               try await gatheredLogWrites(directory: directory, options: options), baselineName: "SQLite's own VFS")

        // 16 concurrent writers: rounds of 16 x 25 each.
        let perWriter = 25
        let syncsBefore = store.commitCount
        let concurrent = try await Comparison.alternating(ours: {
            let groups = (0..<16).map { _ in (0..<perWriter).map { _ in next() } }
            return try await timed(16 * perWriter) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for docs in groups { group.addTask { for d in docs { try await items.insertOne(d) } } }
                    try await group.waitForAll()
                }
            }
        }, baseline: {
            let groups = (0..<16).map { _ in (0..<perWriter).map { _ in next() } }
            return try await timed(16 * perWriter) { try await sqliteWriters(path: sqlitePath, groups) }
        })
        let concurrentSyncs = store.commitCount - syncsBefore
        report("durable inserts, 16 writers (SQLite: 16 connections)", concurrent)
        report("durable inserts, 16 writers: ours", concurrent.ours, baseline: ("our 1 writer", single.ours))
        let concurrentWrites = 16 * perWriter * concurrent.rounds
        print("  (16 writers: \(concurrentWrites) writes in \(concurrentSyncs) syncs, \(String(format: "%.1f", Double(concurrentWrites) / Double(max(1, concurrentSyncs)))) writes per sync)")

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
        let point = try await Comparison.alternating(ours: {
            try await asyncOpsPerSecond(seconds: seconds / 2) {
                i &+= 7919
                return try await items.findOne(["_id": oursIds[i % oursIds.count]]) == nil ? 0 : 1
            }
        }, baseline: {
            try opsPerSecond(seconds: seconds / 2) {
                i &+= 7919
                return try sqlite.find(id: sqliteIds[i % sqliteIds.count]) == nil ? 0 : 1
            }
        })
        report("_id point reads (decoded to Document)", point)

        let indexed = try await Comparison.alternating(ours: {
            try await asyncOpsPerSecond(seconds: seconds / 2) {
                i &+= 7919
                return try await items.find(["email": oursEmails[i % oursEmails.count]]).count
            }
        }, baseline: {
            try opsPerSecond(seconds: seconds / 2) {
                i &+= 7919
                return try sqlite.find(email: sqliteEmails[i % sqliteEmails.count]).count
            }
        })
        report("indexed equality finds", indexed)

        let scans = try await Comparison.alternating(rounds: 3, ours: {
            try await asyncOpsPerSecond(seconds: seconds / 2) { try await items.find(["age": ["$gt": 97]]).count }
        }, baseline: {
            try opsPerSecond(seconds: seconds / 2) { try sqlite.find(ageAbove: 97).count }
        })
        report("filtered scans (age > 97, no index), per scan", scans)
        try await store.close()

        try await OpenBenchmark.run(directory: directory, documents: openDocuments)
    }

    private static func sqliteVersion() -> UnsafePointer<CChar> { sqliteLibraryVersion() }

    /// Durable single inserts on a fresh store against the same on a store whose writer writes
    /// its WAL through SQLite's own VFS (`Options.gathersLogWrites` off), in alternating rounds.
    static func gatheredLogWrites(directory: URL, options: EmbeddedStore.Options) async throws -> Comparison {
        var plainOptions = options
        plainOptions.gathersLogWrites = false
        let gathering = try EmbeddedStore(path: directory.appendingPathComponent("gathering.db").path, options: options)
        let plain = try EmbeddedStore(path: directory.appendingPathComponent("plain.db").path, options: plainOptions)
        var counter = 0
        func round(_ store: EmbeddedStore) async throws -> Double {
            let docs = (0..<500).map { _ in counter += 1; return smallDocument(counter) }
            let items = store.collection("items")
            return try await insertRound(docs) { try await items.insertOne($0) }
        }
        for store in [gathering, plain] { try await store.collection("items").createIndex(IndexModel(keys: ["email": 1])) }
        let comparison = try await Comparison.alternating(rounds: 9, ours: { try await round(gathering) }, baseline: { try await round(plain) })
        try await gathering.close()
        try await plain.close()
        return comparison
    }

    /// One round of durable single inserts: `insert` called for each document in turn, as
    /// inserts per second.
    static func insertRound(_ documents: [Document], _ insert: (Document) async throws -> Void) async throws -> Double {
        try await timed(documents.count) { for document in documents { try await insert(document) } }
    }

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
