import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Synchronization
import TestSupport
import Wire

/// `speakai-bench wire-scan`: pymongo reads a whole collection (by default 200,000 documents of
/// 1 KB: about 200 MB of BSON) through the wire server, whose `find` reads a batch at a time;
/// the process's resident memory is sampled every 10 ms. The baseline, in the same run and
/// after it: the same collection read whole by the in-process `find`, which is what a wire
/// `find` held in memory before its cursor read in batches. Between them (before the baseline
/// grows the heap), a sort no index provides with a limit of 20, which keeps only the best
/// matches as it goes.
enum WireScanBenchmark {
    static func run(documents: Int, python: String) async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("scan.db").path)
            let items = store.collection("scan")
            let pad = BSONValue.string(String(repeating: "x", count: 1000))
            for start in stride(from: 0, to: documents, by: 1000) {
                try await items.insertMany((start..<min(documents, start + 1000)).map { ["_id": .int32(Int32($0)), "k": .int32(Int32(($0 * 7919) % 100_003)), "pad": pad] })
            }
            print("Wire scan benchmark: pymongo reads \(documents) documents of 1 KB (find {} with batch_size 1000)")
            let (streamed, read) = try await PeakResidentMemory.during {
                try await withWireServer(over: store) { port in try pymongoScan(python: python, port: port) }
            }
            print(String(format: "  through the wire, a batch at a time: %d documents in %.2f s (%.0f/s); resident memory +%d MiB at its peak",
                         read.count, read.seconds, Double(read.count) / read.seconds, streamed / 1_048_576))
            let clock = ContinuousClock()
            let began = clock.now
            let (sorted, top) = try await PeakResidentMemory.during {
                try await items.find([:], options: FindOptions(sort: ["k": -1], limit: 20)).count
            }
            print(String(format: "  in process, sorted by a field with no index, limit 20: %d documents in %.2f s; resident memory +%d MiB at its peak",
                         top, Double((clock.now - began).components.attoseconds) / 1e18 + Double((clock.now - began).components.seconds), sorted / 1_048_576))
            let (whole, count) = try await PeakResidentMemory.during { try await items.find([:]).count }
            print(String(format: "  in process, read whole (as a wire find did before): %d documents; resident memory +%d MiB at its peak (%.1fx the batches')",
                         count, whole / 1_048_576, Double(whole) / Double(max(streamed, 1))))
            try await store.close()
        }
    }

    /// What pymongo read, and how long it took.
    static func pymongoScan(python: String, port: Int) throws -> (count: Int, seconds: Double) {
        let script = ProjectFolder.root.appendingPathComponent("scripts/bench/wire_client.py").path
        let output = String(decoding: try ExternalTool.output(python, [script, "mongodb://127.0.0.1:\(port)/?directConnection=true", "scan", "0"]), as: UTF8.self)
        guard let line = output.split(separator: "\n").last else { throw CocoaError(.fileReadCorruptFile) }
        let result = try JSONDecoder().decode([String: Double].self, from: Data(line.utf8))
        return (Int(result["count"] ?? 0), result["seconds"] ?? 0)
    }
}

/// The most the process's resident memory grows while some work runs, sampled every 10 ms on a
/// thread of its own (the work may block a task thread).
enum PeakResidentMemory {
    static func during<R>(_ work: () async throws -> R) async throws -> (growth: Int, result: R) {
        let before = residentBytes()
        let peak = Mutex(before)
        let stop = Atomic<Bool>(false)
        let done = DispatchSemaphore(value: 0)
        let sampler = Thread {
            while !stop.load(ordering: .relaxed) {
                let now = residentBytes()
                peak.withLock { $0 = max($0, now) }
                usleep(10_000)
            }
            done.signal()
        }
        sampler.start()
        let result: R
        do {
            result = try await work()
        } catch {
            stop.store(true, ordering: .relaxed)
            done.wait()
            throw error
        }
        stop.store(true, ordering: .relaxed)
        done.wait()
        let growth = peak.withLock { $0 } - before
        return (growth, result)
    }
}
