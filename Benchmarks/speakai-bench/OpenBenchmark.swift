import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import TestSupport

/// Open (recovery) time and memory for a file of many small documents, each measured in a fresh
/// child process so nothing else is in its memory.
enum OpenBenchmark {
    static func run(directory: URL, documents: Int) async throws {
        let ours = directory.appendingPathComponent("open-ours.db").path
        let sqlitePath = directory.appendingPathComponent("open-sqlite.db").path
        let store = try EmbeddedStore(path: ours)
        let sqlite = try SQLiteBaseline(path: sqlitePath)
        var written = 0
        while written < documents {
            let batch = (0..<min(10_000, documents - written)).map { StoreBenchmark.smallDocument(written + $0) }
            try await store.collection("items").insertMany(batch)
            try sqlite.insertBatch(batch)
            written += batch.count
        }
        try await store.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: ours)[.size] as? Int) ?? 0
        let sqliteSize = (try? FileManager.default.attributesOfItem(atPath: sqlitePath)[.size] as? Int) ?? 0
        print("  open of \(documents) small documents (file \(size / 1_048_576) MiB ours, \(sqliteSize / 1_048_576) MiB SQLite), fresh process each:")
        // Three runs each, fresh processes: this machine's timings vary from run to run.
        let oursRuns = try (0..<3).map { _ in try measure(["store-open", "ours", ours]) }.sorted { $0.seconds < $1.seconds }
        let sqliteRuns = try (0..<3).map { _ in try measure(["store-open", "sqlite", sqlitePath]) }.sorted { $0.seconds < $1.seconds }
        for (name, runs) in [("SQLite open + count(*)", sqliteRuns), ("ours: open + count", oursRuns)] {
            let label = name.padding(toLength: 46, withPad: " ", startingAt: 0)
            print("  \(label) " + String(format: "best %.2f s, median %.2f s, RSS +%d MiB (%d documents)", runs[0].seconds, runs[1].seconds, runs[0].rss / 1_048_576, runs[0].count))
        }
    }

    private static func measure(_ arguments: [String]) throws -> (seconds: Double, rss: Int, count: Int) {
        let data = try ExternalTool.output(CommandLine.arguments[0], arguments)
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard fields.count == 3, let s = Double(fields[0]), let r = Int(fields[1]), let c = Int(fields[2]) else {
            throw BenchError("open measurement failed: \(String(decoding: data, as: UTF8.self))")
        }
        return (s, r, c)
    }

    /// Writes a data file of small documents (for profiling opens by hand).
    static func fill(path: String, documents: Int, index: Bool) async throws {
        let store = try EmbeddedStore(path: path)
        if index { try await store.collection("items").createIndex(IndexModel(keys: ["email": 1])) }
        var written = 0
        while written < documents {
            let batch = (0..<min(10_000, documents - written)).map { StoreBenchmark.smallDocument(written + $0) }
            try await store.collection("items").insertMany(batch)
            written += batch.count
        }
        try await store.close()
    }

    /// The child side: opens one file and prints `seconds rssDelta count`.
    static func child(kind: String, path: String) async throws {
        let before = residentBytes()
        let clock = ContinuousClock()
        let start = clock.now
        let count: Int
        if kind == "ours" {
            let store = try EmbeddedStore(path: path)
            count = try await store.collection("items").countDocuments()
            let elapsed = start.duration(to: clock.now)
            print(seconds(elapsed), residentBytes() - before, count)
            try await store.close()
        } else {
            let sqlite = try SQLiteBaseline(path: path)
            count = try sqlite.count()
            let elapsed = start.duration(to: clock.now)
            print(seconds(elapsed), residentBytes() - before, count)
        }
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
