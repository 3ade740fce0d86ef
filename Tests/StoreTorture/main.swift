import BSON
import DocumentStore
import EmbeddedStore
import Foundation

/// The child process of the crash tests. It is SIGKILLed at random moments by the test, which
/// then checks the data file against what this process said:
///
/// - `speakai-store-torture workload FILE WRITERS` — writers run inserts, counter increments,
///   deletes and 5-document atomic groups forever, printing `B <op>` before and `A <op>` after
///   each write is acknowledged. It exits by itself once the test that started it is gone
///   (killed, say, by a time-out), so a crashed test run leaves no writer behind.
/// - `speakai-store-torture compact FILE STEP` — compacts and kills itself at that step.
/// - `speakai-store-torture backup FILE DEST STEP` — backs up and kills itself at that step.
/// - `speakai-store-torture upgrade FILE STEP` — opens a first-format file and kills itself at
///   that step of the upgrade.
/// - `speakai-store-torture full FILE LIMIT` — writes past a file-size limit, then on once it is
///   lifted, and kills itself (`fillTheDisk`).
/// - `speakai-store-torture full-close FILE` — writes, then closes with no room to fold the WAL
///   into the file (`closeWithoutRoom`).

/// One whole line to stdout with a single write(2), so concurrent writers never interleave.
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
}

func workload(path: String, writers: Int) async throws {
    let store = try EmbeddedStore(path: path)
    let items = store.collection("items")
    let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    say("O \(store.openReport.created)")
    let parent = getppid()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            // The test is gone when this process is handed to another parent.
            while getppid() == parent { try await Task.sleep(for: .milliseconds(100)) }
            exit(0)
        }
        for w in 0..<writers {
            group.addTask {
                var counter = try await items.findOne(["_id": .string("c-\(w)")])?["n"]?.exactInt64 ?? 0
                var inserted: [String] = []
                var i = 0
                while true {
                    let tag = "\(run)-\(w)-\(i)"
                    switch i % 10 {
                    case 5, 6:
                        say("B C \(w) \(counter + 1)")
                        try await items.updateOne(["_id": .string("c-\(w)")], ["$inc": ["n": 1]], upsert: true)
                        counter += 1
                        say("A C \(w) \(counter)")
                    case 7 where !inserted.isEmpty:
                        let victim = inserted.removeFirst()
                        say("B D \(victim)")
                        try await items.deleteOne(["_id": .string(victim)])
                        say("A D \(victim)")
                    case 8:
                        say("B G \(tag)")
                        try await items.insertMany((0..<5).map { k in ["_id": .string("g-\(tag)-\(k)"), "group": .string(tag)] })
                        say("A G \(tag)")
                    default:
                        say("B I \(tag)")
                        try await items.insertOne(["_id": .string(tag), "w": .int32(Int32(w)), "i": .int32(Int32(i))])
                        inserted.append(tag)
                        say("A I \(tag)")
                    }
                    i += 1
                }
            }
        }
        try await group.waitForAll()
    }
}

func compact(path: String, step: String) throws {
    _ = try DataFileMaintenance.compact(path: path, onStep: { reached in
        if "\(reached)" == step { kill(getpid(), SIGKILL) }
    })
    say("compacted")
}

func backup(path: String, destination: String, step: String) throws {
    _ = try DataFileMaintenance.backup(path: path, to: destination) { _, _ in } onStep: { reached in
        if "\(reached)" == step { kill(getpid(), SIGKILL) }
    }
    say("backed up")
}

func upgrade(path: String, step: String) async throws {
    let store = try EmbeddedStore(path: path) { reached in
        if "\(reached)" == step { kill(getpid(), SIGKILL) }
    }
    say("upgraded")
    try await store.close()
}

let arguments = CommandLine.arguments
do {
    switch (arguments.count > 1 ? arguments[1] : "", arguments.count) {
    case ("workload", 4): try await workload(path: arguments[2], writers: Int(arguments[3]) ?? 4)
    case ("compact", 4): try compact(path: arguments[2], step: arguments[3])
    case ("backup", 5): try backup(path: arguments[2], destination: arguments[3], step: arguments[4])
    case ("upgrade", 4): try await upgrade(path: arguments[2], step: arguments[3])
    case ("full", 4): try await fillTheDisk(path: arguments[2], limit: Int(arguments[3]) ?? 1 << 20)
    case ("full-close", 3): try await closeWithoutRoom(path: arguments[2])
    default:
        FileHandle.standardError.write(Data("usage: speakai-store-torture workload FILE WRITERS | compact FILE STEP | backup FILE DEST STEP | upgrade FILE STEP | full FILE LIMIT | full-close FILE\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("torture child failed: \(error)\n".utf8))
    exit(1)
}
