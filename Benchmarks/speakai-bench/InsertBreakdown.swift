import BSON
import DocumentStore
import EmbeddedStore
import Foundation

/// Where the gap between the store's durable single inserts and SQLite's lies, in one run on
/// fresh files: SQLite with its own layout (the store bench's baseline), the store's tables
/// written straight through SQLite (`StoreLayoutBaseline`, with today's `_id` index and with a
/// partial one), and the store itself. Each round runs every side once, in an order that turns
/// by one each round, so a slow moment of the machine falls on all of them.
///
/// - store's tables vs SQLite: what the layout costs a commit (three B-trees written, not two);
/// - store vs store's tables: what the store adds (hand-off, encoding, checks);
/// - partial `_id` index vs SQLite: the most a format without the `_id` index in the write path
///   could give with no store around it;
/// - store's tables handed to a thread vs the same on the caller's thread: what the hand-off to
///   a writer thread alone costs (`HandedOffInserts`), the floor for a store whose fsyncs never
///   block the caller's thread; the store against them: what it adds beyond the hand-off.
/// (The store against SQLite is the store bench's first comparison, not repeated here.)
enum InsertBreakdown {
    static func run(directory: URL, options: EmbeddedStore.Options, rounds: Int = 9) async throws {
        func file(_ name: String) -> String { directory.appendingPathComponent("breakdown-\(name).db").path }
        let sqlite = try SQLiteBaseline(path: file("sqlite"))
        let tables = try StoreLayoutBaseline(path: file("tables"), idIndex: .full)
        let partial = try StoreLayoutBaseline(path: file("partial"), idIndex: .partial)
        let handedOff = try HandedOffInserts(path: file("handed-off"))
        let store = try EmbeddedStore(path: file("store"), options: options)
        let items = store.collection("items")
        try await items.createIndex(IndexModel(keys: ["email": 1]))

        var counter = 0
        func round(_ insert: (Document) async throws -> Void) async throws -> Double {
            let documents = (0..<500).map { _ in
                counter += 1
                return StoreBenchmark.smallDocument(counter)
            }
            return try await StoreBenchmark.insertRound(documents, insert)
        }
        let sides: [() async throws -> Double] = [
            { try await round { try sqlite.insert($0) } },
            { try await round { try tables.insert($0) } },
            { try await round { try partial.insert($0) } },
            { try await round { try await items.insertOne($0) } },
            { try await round { try await handedOff.insert($0) } },
        ]
        var rates = [[Double]](repeating: [], count: sides.count)
        for round in 0..<max(1, rounds) {
            for step in 0..<sides.count {
                let side = (round + step) % sides.count
                rates[side].append(try await sides[side]())
            }
        }
        try await store.close()
        handedOff.close()

        print("  where a durable single insert's time goes (fresh files, \(rounds) rounds of 500 per side, medians):")
        line("SQLite, its own layout", rates[0])
        line("store's tables in plain SQLite", rates[1], Comparison.of(ours: rates[1], baseline: rates[0]), "SQLite")
        line("store's tables, partial _id index", rates[2], Comparison.of(ours: rates[2], baseline: rates[0]), "SQLite")
        line("store's tables, handed to a thread", rates[4], Comparison.of(ours: rates[4], baseline: rates[1]), "on the caller's thread")
        line("store", rates[3], Comparison.of(ours: rates[3], baseline: rates[1]), "its tables in plain SQLite")
        line("", [], Comparison.of(ours: rates[3], baseline: rates[4]), "its tables handed to a thread")
    }

    /// One row: a side's median rate and, when given, its ratio to another side.
    private static func line(_ name: String, _ rates: [Double], _ comparison: Comparison? = nil, _ against: String = "") {
        let rate = rates.isEmpty ? "" : String(format: "%10.0f ops/s", Comparison.median(rates))
        var text = "    " + name.padding(toLength: 44, withPad: " ", startingAt: 0) + rate.padding(toLength: 16, withPad: " ", startingAt: 0)
        if let comparison {
            text += String(format: "%5.2fx ", comparison.ratio) + against
                + String(format: " (%.2f–%.2f)", comparison.lowest, comparison.highest)
        }
        print(text)
    }
}
