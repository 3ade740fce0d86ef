import BSON
import DocumentStore
@testable import EmbeddedStore
import Foundation
import Testing
import TestSupport
import Transfer

@Suite("Embedded store: upgrading first-format files", .serialized)
struct UpgradeTests {
    /// A log with an index, inserts, updates, deletes, an atomic group, a dropped and an empty
    /// collection; and the documents it leaves, in `_id` order.
    private func busyLog() throws -> (LegacyLogWriter, [Document]) {
        var log = LegacyLogWriter()
        var live: [Int32: Document] = [:]
        try log.append([.createIndex(collection: "items", index: IndexModel(keys: ["email": 1], name: "email_1", unique: true))])
        for i in Int32(0)..<300 {
            let document: Document = ["_id": .int32(i), "email": .string("u\(i)@x"), "n": .int32(0)]
            try log.insert(document)
            live[i] = document
        }
        for i in stride(from: Int32(0), to: 300, by: 3) {
            let changed: Document = ["_id": .int32(i), "email": .string("u\(i)@x"), "n": .int32(i), "tags": ["a", "b"]]
            try log.append([.update(collection: "items", id: .int32(i), document: changed)])
            live[i] = changed
        }
        for i in stride(from: Int32(1), to: 300, by: 5) {
            try log.append([.delete(collection: "items", id: .int32(i))])
            live[i] = nil
        }
        let group: [Document] = (Int32(1000)..<1005).map { ["_id": .int32($0), "email": .string("g\($0)@x")] }
        try log.append(group.map { .insert(collection: "items", document: $0) })
        for document in group { live[Int32(document["_id"]?.exactInt64 ?? 0)] = document }
        try log.insert(["_id": 1, "x": 1], into: "gone")
        try log.append([.dropCollection("gone")])
        try log.append([.createCollection("empty")])
        return (log, live.keys.sorted().compactMap { live[$0] })
    }

    @Test("a first-format file is converted in place: documents, indexes and counts kept, original kept as .v1")
    func upgradeInPlace() async throws {
        try await withDataFile { path in
            // Given a file the first engine wrote
            let (log, expected) = try busyLog()
            try writeFileBytes(path, log.bytes)
            // When it is opened
            try await withOpenStore(path) { store throws in
                // Then it was upgraded, and says so
                let upgrade = try #require(store.openReport.upgrade)
                #expect(upgrade.records == log.recordEnds.count)
                #expect(upgrade.documents == ["items": expected.count, "empty": 0])
                #expect(upgrade.originalKeptAt == path + ".v1")
                let items = store.collection("items")
                #expect(try await items.find() == expected)
                #expect(try await items.listIndexes().map(\.name) == ["_id_", "email_1"])
                #expect(await storeError { try await items.insertOne(["email": "u0@x"]) }?.code == 11000)
                #expect(try await items.find(["email": "u3@x"]).map { $0["n"] } == [3])
                #expect(try await store.listCollections() == ["empty", "items"])
            }
            // And the original is kept byte for byte, the new file verifies, nothing is left over
            #expect(try fileBytes(path + ".v1") == log.bytes)
            #expect(verifiesHealthy(path))
            #expect(!FileManager.default.fileExists(atPath: path + ".upgrade"))
            // And opening again does not upgrade again
            try await withOpenStore(path) { store throws in #expect(store.openReport.upgrade == nil) }
        }
    }

    @Test("the demo seed written in the first format upgrades to exactly what seeding a new file stores")
    func seedData() async throws {
        try await withTemporaryDirectory { directory in
            // Given the seed stored by today's engine, and the same seed in a first-format log
            let seed = try SeedFolder(folder: ProjectFolder.root.appendingPathComponent("seed"))
            let fresh = directory.appendingPathComponent("fresh.db").path
            let legacy = directory.appendingPathComponent("legacy.db").path
            let expected: [String: [Document]] = try await withOpenStore(fresh) { store throws in
                _ = try await seed.apply(to: store, reset: false)
                var all: [String: [Document]] = [:]
                for name in try await store.listCollections() { all[name] = try await store.collection(name).find() }
                return all
            }
            var log = LegacyLogWriter()
            for file in seed.files {
                for index in file.indexes.compactMap(IndexModel.init(describedBy:)) where index.name != "_id_" {
                    try log.append([.createIndex(collection: file.collection, index: index)])
                }
                try log.append(file.entries.map { .insert(collection: file.collection, document: $0.document) })
            }
            try writeFileBytes(legacy, log.bytes)
            // When the log is opened (and so upgraded)
            try await withOpenStore(legacy) { store throws in
                // Then every collection holds exactly the same documents
                #expect(store.openReport.upgrade != nil)
                #expect(try await store.listCollections() == expected.keys.sorted())
                for (name, documents) in expected {
                    #expect(try await store.collection(name).find() == documents, "\(name)")
                }
            }
            #expect(verifiesHealthy(legacy))
        }
    }

    @Test("a torn tail cut at every byte of the last record: the complete records are converted")
    func tornTail() async throws {
        try await withDataFile { path in
            var log = LegacyLogWriter()
            for i in Int32(0)..<4 { try log.insert(["_id": .int32(i), "v": .string("value-\(i)")]) }
            let start = log.recordEnds[2]
            for length in start..<log.bytes.count {
                for suffix in ["", ".v1"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                try writeFileBytes(path, Array(log.bytes[0..<length]))
                try await withOpenStore(path) { store throws in
                    #expect(try await store.collection("items").countDocuments() == 3)
                    #expect(store.openReport.upgrade?.tornTailBytes == length - start)
                }
            }
        }
    }

    @Test("damage with intact records after it refuses the upgrade and leaves the file untouched")
    func midFileCorruption() async throws {
        try await withDataFile { path in
            var log = LegacyLogWriter()
            for i in Int32(0)..<5 { try log.insert(["_id": .int32(i), "v": .string("value-\(i)")]) }
            var damaged = log.bytes
            damaged[log.recordEnds[0] + 12] ^= 0xFF
            try writeFileBytes(path, damaged)
            let error = #expect(throws: DataFileError.self) { try EmbeddedStore(path: path) }
            #expect(error?.kind == .corrupt(offset: log.recordEnds[0]))
            #expect(try fileBytes(path) == damaged)
            #expect(!FileManager.default.fileExists(atPath: path + ".upgrade"))
            #expect(!FileManager.default.fileExists(atPath: path + ".v1"))
        }
    }

    @Test("a kill at each step of the upgrade loses nothing", arguments: UpgradeStep.allCases)
    func killDuringUpgrade(step: UpgradeStep) async throws {
        try await withDataFile { path in
            let (log, expected) = try busyLog()
            try writeFileBytes(path, log.bytes)
            // When the upgrading process is killed at this step
            let (lines, status) = try await runTortureChild(["upgrade", path, "\(step)"], killAfter: nil)
            #expect(!lines.contains("upgraded"), "the child should have died at \(step) (status \(status))")
            // Then the next open finishes the job with every document
            try await withOpenStore(path) { store throws in
                #expect(try await store.collection("items").find() == expected)
                #expect(try await store.collection("items").listIndexes().map(\.name) == ["_id_", "email_1"])
            }
            #expect(try fileBytes(path + ".v1") == log.bytes)
            #expect(!FileManager.default.fileExists(atPath: path + ".upgrade"))
        }
    }
}
