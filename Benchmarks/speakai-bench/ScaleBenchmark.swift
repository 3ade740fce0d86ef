import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Synchronization
import TestSupport

/// `speakai-bench store-scale`: the store at a million documents against SQLite on the same
/// data: point reads with a cold and a hot cache, an indexed range with sort and limit 20, point
/// reads while another client scans everything; then open time and memory at ten million.
enum ScaleBenchmark {
    static func run(documents: Int, largeDocuments: Int, seconds: Double, largeFolder: String, options: EmbeddedStore.Options) async throws {
        let directory = try scratchDirectory("speakai-scale")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ours = directory.appendingPathComponent("ours.db").path
        let sqlitePath = directory.appendingPathComponent("sqlite.db").path
        print("Scale benchmark: \(documents) small documents, ours vs SQLite \(String(cString: sqliteLibraryVersion())) (WAL, synchronous=FULL); ours maps \(options.mappedMiB) MiB")
        var ids: [ObjectId] = []
        var emails: [String] = []
        do {
            let store = try EmbeddedStore(path: ours, options: options)
            let items = store.collection("items")
            try await items.createIndex(IndexModel(keys: ["email": 1]))
            let sqlite = try SQLiteBaseline(path: sqlitePath)
            let clock = ContinuousClock()
            let start = clock.now
            var written = 0
            while written < documents {
                let batch = (0..<min(10_000, documents - written)).map { StoreBenchmark.smallDocument(written + $0) }
                try await items.insertMany(batch)
                try sqlite.insertBatch(batch)
                ids += batch.compactMap { $0["_id"]?.objectIdValue }
                emails += batch.compactMap { $0["email"]?.stringValue }
                written += batch.count
            }
            print("  (filled both in \(start.duration(to: clock.now)))")
            try await store.close()
        }

        // Point reads, cold: each round a fresh store and a fresh connection, each id read for the first time.
        // Nine rounds of each side: one round here varies by ±20% from one moment to the next.
        let round = max(0.3, seconds / 2)
        let rounds = 9
        let cold = try await Comparison.alternating(rounds: rounds, ours: {
            try await coldReads(ours, ids: ids, options: options)
        }, baseline: {
            let sqlite = try SQLiteBaseline(path: sqlitePath)
            let sample = (0..<5_000).map { _ in ids[Int.random(in: 0..<ids.count)] }
            return try await StoreBenchmark.timed(sample.count) { for id in sample { _ = try sqlite.find(id: id) } }
        })
        report("_id point reads, cold cache", cold)

        let store = try EmbeddedStore(path: ours, options: options)
        let items = store.collection("items")
        let sqlite = try SQLiteBaseline(path: sqlitePath)

        // Point reads, hot: a working set of 1,000 documents read over and over.
        let hot = Array(ids.shuffled().prefix(1000))
        var i = 0
        for id in hot { _ = try await items.findOne(["_id": .objectId(id)]) }
        let hotReads = try await Comparison.alternating(rounds: rounds, ours: {
            try await asyncOpsPerSecond(seconds: round) {
                i &+= 7919
                return try await items.findOne(["_id": .objectId(hot[i % hot.count])]) == nil ? 0 : 1
            }
        }, baseline: {
            try opsPerSecond(seconds: round) {
                i &+= 7919
                return try sqlite.find(id: hot[i % hot.count]) == nil ? 0 : 1
            }
        })
        report("_id point reads, hot (1,000 ids)", hotReads)

        // An indexed range with sort and limit 20.
        let range = try await Comparison.alternating(rounds: rounds, ours: {
            try await asyncOpsPerSecond(seconds: round) {
                i &+= 7919
                let from = emails[i % emails.count]
                return try await items.find(["email": ["$gt": .string(from)]], options: FindOptions(sort: ["email": 1], limit: 20)).count
            }
        }, baseline: {
            try opsPerSecond(seconds: round) {
                i &+= 7919
                return try sqlite.find(emailAfter: emails[i % emails.count], limit: 20).count
            }
        })
        report("email > x, sort email, limit 20", range)
        let explained = try await store.explain("items", ["email": ["$gt": .string(emails[0])]], options: FindOptions(sort: ["email": 1], limit: 20))
        print("  (explain: \(explained.plan), \(explained.keysExamined) keys and \(explained.documentsExamined) documents examined for \(explained.returned))")

        // Point reads (cache misses) while another client scans every document.
        let scanning = Atomic<Bool>(true)
        let scans = Task {
            var count = 0
            while scanning.load(ordering: .relaxed) {
                _ = try await items.countDocuments(["age": ["$gt": 1000]])
                count += 1
            }
            return count
        }
        var latencies: [Double] = []
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(max(3, seconds * 3)))
        while clock.now < end {
            i &+= 7919
            let start = clock.now
            _ = try await items.findOne(["_id": .objectId(ids[Int((UInt(bitPattern: i) &* 31) % UInt(ids.count))])])
            let elapsed = start.duration(to: clock.now)
            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        scanning.store(false, ordering: .relaxed)
        let fullScans = try await scans.value
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(String(format: "  point reads during full scans of %d documents (%d scans done): p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d reads",
                     documents, fullScans, percentile(0.5), percentile(0.99), latencies.last ?? 0, latencies.count))
        try await store.close()

        try await large(folder: largeFolder, documents: largeDocuments, options: options)
    }

    /// `_id` reads per second of 5,000 random ids of `items` on a freshly opened store.
    static func coldReads(_ path: String, ids: [ObjectId], options: EmbeddedStore.Options) async throws -> Double {
        let store = try EmbeddedStore(path: path, options: options)
        let items = store.collection("items")
        let sample = (0..<5_000).map { _ in ids[Int.random(in: 0..<ids.count)] }
        let rate = try await StoreBenchmark.timed(sample.count) { for id in sample { _ = try await items.findOne(["_id": .objectId(id)]) } }
        try await store.close()
        return rate
    }

    /// Ten million documents (made once and kept in `folder`), then in a fresh process: open
    /// plus the first query, and RSS after a million random reads.
    static func large(folder: String, documents: Int, options: EmbeddedStore.Options) async throws {
        let path = folder + "/large-\(documents).db"
        if !FileManager.default.fileExists(atPath: path + ".done") {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: path)
            let store = try EmbeddedStore(path: path)
            let clock = ContinuousClock()
            let start = clock.now
            var written = 0
            while written < documents {
                let batch: [Document] = (0..<min(20_000, documents - written)).map { k in
                    let n = written + k
                    return ["_id": .int64(Int64(n)), "email": .string("user-\(n)@example.com"), "age": .int32(Int32(n % 100)), "name": .string("User \(n)")]
                }
                try await store.collection("items").insertMany(batch)
                written += batch.count
            }
            try await store.close()
            _ = FileManager.default.createFile(atPath: path + ".done", contents: Data())
            print("  (made \(documents) documents in \(start.duration(to: clock.now)), kept in \(folder))")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let data = try ExternalTool.output(CommandLine.arguments[0], ["store-large", path, "\(documents)", "--mapped-mb", "\(options.mappedMiB)"])
        print("  \(documents) documents (\(size / 1_048_576) MiB), fresh process: \(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
    }

    /// The child of `large`: open plus first query, then a million random reads, then RSS.
    static func largeChild(path: String, documents: Int, options: EmbeddedStore.Options) async throws {
        let before = residentBytes()
        let clock = ContinuousClock()
        let start = clock.now
        let store = try EmbeddedStore(path: path, options: options)
        let first = try await store.collection("items").findOne(["_id": .int64(Int64(documents / 2))])
        let opened = start.duration(to: clock.now)
        guard first != nil else { throw BenchError("the first query found nothing") }
        let items = store.collection("items")
        let reads = 1_000_000
        let readStart = clock.now
        for _ in 0..<reads { _ = try await items.findOne(["_id": .int64(Int64.random(in: 0..<Int64(documents)))]) }
        let readTime = readStart.duration(to: clock.now)
        let rss = residentBytes()
        print("open + first query \(opened); \(reads) random reads in \(readTime); RSS \(rss / 1_048_576) MiB (+\((rss - before) / 1_048_576) MiB over the process at start)")
        try await store.close()
    }
}

/// `speakai-bench store-profile range|range-compare|point|email|scan|scan-compare|insert|insert-breakdown|batch-compare|cold|messages --seconds S`: one query shape in a loop over 200,000
/// documents (`messages`: `ConversationProfile`), for `perf record`.
enum ProfileLoop {
    static func run(shape: String, seconds: Double, options: EmbeddedStore.Options) async throws {
        if shape == "messages" { return try await ConversationProfile.run(seconds: seconds, options: options) }
        let directory = try scratchDirectory("speakai-profile")
        defer { try? FileManager.default.removeItem(at: directory) }
        if shape == "insert-breakdown" {
            // The store bench's breakdown of durable single inserts alone: S rounds.
            return try await InsertBreakdown.run(directory: directory, options: options, rounds: max(3, Int(seconds)))
        }
        let store = try EmbeddedStore(path: directory.appendingPathComponent("p.db").path, options: options)
        let items = store.collection("items")
        try await items.createIndex(IndexModel(keys: ["email": 1]))
        var ids: [BSONValue] = []
        var emails: [String] = []
        for start in stride(from: 0, to: 200_000, by: 10_000) {
            let batch = (0..<10_000).map { StoreBenchmark.smallDocument(start + $0) }
            try await items.insertMany(batch)
            ids += batch.compactMap { $0["_id"] }
            emails += batch.compactMap { $0["email"]?.stringValue }
        }
        if shape == "insert" {
            // Durable single inserts, one after another, for about `seconds`.
            var n = 1_000_000
            let ops = try await asyncOpsPerSecond(seconds: seconds) {
                n += 1
                try await items.insertOne(StoreBenchmark.smallDocument(n))
                return 1
            }
            print("insert: \(Int(ops)) ops/s")
            try await store.close()
            return
        }
        if shape == "batch-compare" {
            // 1,000 documents per commit, against SQLite's table in the same rounds.
            let sqlite = try SQLiteBaseline(path: directory.appendingPathComponent("s.db").path)
            var n = 1_000_000
            let batches: () -> [Document] = { n += 1000; return (0..<1000).map { StoreBenchmark.smallDocument(n + $0) } }
            let compared = try await Comparison.alternating(ours: {
                try await asyncOpsPerSecond(seconds: seconds / 10) { let batch = batches(); try await items.insertMany(batch); return 1 }
            }, baseline: {
                try opsPerSecond(seconds: seconds / 10) { try sqlite.insertBatch(batches()); return 1 }
            })
            report("batches of 1000 inserts (documents made inside the loop)", compared)
            try await store.close()
            return
        }
        if shape == "cold" {
            // Every document once, in random order, on a freshly opened store: nothing is in
            // any cache. Repeated (reopening each time) for about `seconds`.
            try await store.close()
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
            repeat {
                let fresh = try EmbeddedStore(path: directory.appendingPathComponent("p.db").path, options: options)
                let items = fresh.collection("items")
                let order = ids.shuffled()
                let rate = try await StoreBenchmark.timed(order.count) { for id in order { _ = try await items.findOne(["_id": id]) } }
                print("cold: \(Int(rate)) ops/s")
                try await fresh.close()
            } while clock.now < end
            return
        }
        var i = 0
        if shape == "range-compare" || shape == "scan-compare" {
            // The query against SQLite on the same documents, alternating rounds.
            let sqlite = try SQLiteBaseline(path: directory.appendingPathComponent("s.db").path)
            for start in stride(from: 0, to: 200_000, by: 10_000) {
                try sqlite.insertBatch((0..<10_000).map { StoreBenchmark.smallDocument(start + $0) })
            }
            let scans = shape == "scan-compare"
            let compared = try await Comparison.alternating(ours: {
                try await asyncOpsPerSecond(seconds: seconds / 10) {
                    i &+= 7919
                    if scans { return try await items.find(["age": ["$gt": 97]]).count }
                    return try await items.find(["email": ["$gt": .string(emails[i % emails.count])]], options: FindOptions(sort: ["email": 1], limit: 20)).count
                }
            }, baseline: {
                try opsPerSecond(seconds: seconds / 10) {
                    i &+= 7919
                    if scans { return try sqlite.find(ageAbove: 97).count }
                    return try sqlite.find(emailAfter: emails[i % emails.count], limit: 20).count
                }
            })
            report(scans ? "age > 97, no index" : "email > x, sort email, limit 20", compared)
            try await store.close()
            return
        }
        let ops = try await asyncOpsPerSecond(seconds: seconds) {
            i &+= 7919
            if shape == "email" {
                return try await items.find(["email": .string(emails[i % emails.count])]).count
            }
            if shape == "scan" {
                return try await items.find(["age": ["$gt": 97]]).count
            }
            if shape == "range" {
                return try await items.find(["email": ["$gt": .string(emails[i % emails.count])]], options: FindOptions(sort: ["email": 1], limit: 20)).count
            }
            return try await items.findOne(["_id": ids[i % ids.count]]) == nil ? 0 : 1
        }
        print("\(shape): \(Int(ops)) ops/s")
        try await store.close()
    }
}
