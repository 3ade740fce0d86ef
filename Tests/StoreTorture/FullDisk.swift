import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Logging
import TestSupport

/// `speakai-store-torture full FILE LIMIT`: writes until the files may grow no further, then on.
///
/// After opening the store the process limits the size of any file it writes to `LIMIT` bytes
/// (`RLIMIT_FSIZE`, with `SIGXFSZ` ignored, so a write past it fails as on a full disk). Four
/// writers insert single documents and 3-document atomic groups until each has seen 10 writes
/// fail, printing `A I id` / `A G tag` for each acknowledged write and `F I id code` /
/// `F G tag code` for each refused one (the `StoreError` code). Then the limit is lifted (`R`),
/// each writer makes 50 more inserts (which must all be acknowledged), and the process kills
/// itself without closing the store, so the test reads back what recovery finds. What the
/// store logs is printed as one line, `LOG level message_with_underscores key=value…`.
func fillTheDisk(path: String, limit: Int) async throws {
    signal(SIGXFSZ, SIG_IGN)
    let store = try EmbeddedStore(path: path, options: optionsSayingTheLog())
    let items = store.collection("items")
    try await items.createIndex(IndexModel(keys: ["w": 1, "i": 1]))
    try setFileSizeLimit(rlim_t(limit))
    say("L")
    let pad = BSONValue.string(String(repeating: "p", count: 700))
    try await withThrowingTaskGroup(of: Void.self) { group in
        for w in 0..<4 {
            group.addTask {
                var failures = 0
                var i = 0
                // (Capped, so a limit that never bites ends the phase: the test then fails on it.)
                while failures < 10 && i < 20_000 {
                    let tag = "\(w)-\(i)"
                    let kind = i % 5 == 4 ? "G" : "I"
                    do {
                        if kind == "G" {
                            try await items.insertMany((0..<3).map { k in
                                ["_id": .string("g-\(tag)-\(k)"), "group": .string(tag), "w": .int32(Int32(w)), "i": .int32(Int32(i)), "pad": pad]
                            })
                        } else {
                            try await items.insertOne(["_id": .string(tag), "w": .int32(Int32(w)), "i": .int32(Int32(i)), "pad": pad])
                        }
                        say("A \(kind) \(tag)")
                    } catch let error as StoreError {
                        failures += 1
                        say("F \(kind) \(tag) \(error.code)")
                    }
                    i += 1
                }
            }
        }
        try await group.waitForAll()
    }
    try setFileSizeLimit(rlim_t.max)
    say("R")
    try await withThrowingTaskGroup(of: Void.self) { group in
        for w in 0..<4 {
            group.addTask {
                for i in 0..<50 {
                    let tag = "r-\(w)-\(i)"
                    do {
                        try await items.insertOne(["_id": .string(tag), "w": .int32(Int32(w)), "i": .int32(Int32(i)), "pad": pad])
                        say("A I \(tag)")
                    } catch let error as StoreError {
                        say("F I \(tag) \(error.code)")
                    }
                }
            }
        }
        try await group.waitForAll()
    }
    kill(getpid(), SIGKILL)
}

/// `speakai-store-torture full-close FILE`: closes the store when its WAL cannot be folded in.
///
/// Inserts 300 documents (`A I id` for each acknowledged one), then limits the size of files it
/// writes to the data file's size, so the checkpoint at close cannot grow the file, closes the
/// store (`C`, with the log lines as `fillTheDisk` prints them) and exits normally.
func closeWithoutRoom(path: String) async throws {
    signal(SIGXFSZ, SIG_IGN)
    let store = try EmbeddedStore(path: path, options: optionsSayingTheLog())
    let items = store.collection("items")
    let pad = BSONValue.string(String(repeating: "p", count: 700))
    for i in 0..<300 {
        try await items.insertOne(["_id": .string("c-\(i)"), "i": .int32(Int32(i)), "pad": pad])
        say("A I c-\(i)")
    }
    let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    try setFileSizeLimit(rlim_t(size))
    try await store.close()
    say("C")
}

/// Store options whose log goes to standard output, a line each:
/// `LOG level message_with_underscores key=value…`.
private func optionsSayingTheLog() -> EmbeddedStore.Options {
    var options = EmbeddedStore.Options()
    options.logger = Logger(label: "speakai.store") { _ in
        ClosureLogHandler { level, message, metadata in
            let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)".replacingOccurrences(of: "\n", with: " ") }
            say((["LOG", "\(level)", message.replacingOccurrences(of: " ", with: "_")] + fields).joined(separator: " "))
        }
    }
    return options
}

/// Sets the soft limit on the size of files this process writes (the hard limit stays).
private func setFileSizeLimit(_ bytes: rlim_t) throws {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0 else { throw POSIXError(.EPERM) }
    limit.rlim_cur = min(bytes, limit.rlim_max)
    guard setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0 else { throw POSIXError(.EPERM) }
}

