import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Testing
import TestSupport

@Suite("Embedded store: a damaged database or WAL", .serialized)
struct DamageTests {
    static func document(_ i: Int) -> Document {
        ["_id": .int32(Int32(i)), "email": .string("learner-\(i)@example.com"), "text": .string(String(repeating: "speak \(i) ", count: 6))]
    }

    /// What reading everything back gave: the documents (by `_id` and through the index), or
    /// the error that named the damage.
    static func readBack(_ path: String) async -> Result<[Document], any Error> {
        do {
            return .success(try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                let all = try await items.find()
                let viaIndex = try await items.find(["email": ["$gte": ""]], options: FindOptions(sort: ["email": 1]))
                guard Set(all) == Set(viaIndex) else { throw StoreError.storageFailure("index and table disagree") }
                return all
            })
        } catch {
            return .failure(error)
        }
    }

    @Test("a flipped bit anywhere in the database file is refused, named by verify, or harmless; never returned as data")
    func databaseBitFlips() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("d.db").path
            let expected = (0..<60).map(Self.document)
            try await withOpenStore(path) { store throws in
                try await store.collection("items").createIndex(IndexModel(keys: ["email": 1]))
                try await store.collection("items").insertMany(expected)
            }
            let original = try fileBytes(path)
            var random = SystemRandomNumberGenerator()
            var (harmless, refused, namedByVerify) = (0, 0, 0)
            for _ in 0..<300 {
                // Given one bit flipped at random
                var damaged = original
                let position = Int.random(in: 0..<damaged.count, using: &random)
                damaged[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
                try writeFileBytes(path, damaged)
                // When everything is read back
                let result = await Self.readBack(path)
                let healthy = verifiesHealthy(path)
                // Then the data is whole, or the damage is named
                switch result {
                case .success(let documents) where Set(documents) == Set(expected): harmless += healthy ? 1 : 0; namedByVerify += healthy ? 0 : 1
                case .success(let documents):
                    #expect(!healthy, "byte \(position): \(documents.count) documents read back altered and verify saw nothing")
                    namedByVerify += 1
                case .failure: refused += 1
                }
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            print("database bit flips: 300 flips, \(refused) refused by reads, \(namedByVerify) named by verify, \(harmless) harmless (unused bytes)")
            #expect(refused + namedByVerify > 0)
        }
    }

    @Test("a flipped bit in the catalog (a collection's or an index's name) is refused, never read as an empty collection")
    func catalogBitFlips() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("c.db").path
            try await withOpenStore(path) { store throws in
                try await store.collection("items").createIndex(IndexModel(keys: ["email": 1]))
                try await store.collection("items").insertMany((0..<20).map(Self.document))
            }
            let original = try fileBytes(path)
            var flipped = 0
            for name in ["items", "email_1"] {
                let marker = Array(name.utf8)
                for start in original.indices where original[start...].starts(with: marker) {
                    // Given one bit of this occurrence of the name flipped
                    var damaged = original
                    damaged[start + 1] ^= 0x02
                    try writeFileBytes(path, damaged)
                    // Then the store refuses the file, or reads everything, or verify names it
                    let result = await Self.readBack(path)
                    if case .success(let documents) = result, documents.count != 20 {
                        #expect(!verifiesHealthy(path), "\(name) at byte \(start): \(documents.count) documents read and verify saw nothing")
                    }
                    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                    flipped += 1
                }
            }
            #expect(flipped >= 2)
        }
    }

    @Test("a WAL cut or flipped after a crash gives a whole earlier state, never altered documents")
    func walDamage() async throws {
        try await withTemporaryDirectory { directory in
            let live = directory.appendingPathComponent("live.db").path
            let path = directory.appendingPathComponent("crashed.db").path
            // Given the files of a store that crashed after 20 commits (copied while it was open)
            let store = try EmbeddedStore(path: live)
            for i in 0..<20 { try await store.collection("items").insertOne(Self.document(i)) }
            let database = try fileBytes(live)
            let wal = try fileBytes(live + "-wal")
            try await store.close()
            #expect(wal.count > 4096)
            var outcomes: [String: Int] = [:]
            var cuts = Array(stride(from: 0, to: wal.count, by: 331)) + [wal.count]
            cuts += (0..<100).map { _ in -Int.random(in: 0..<wal.count) }
            for cut in cuts {
                // When the WAL is cut short (or, for negative numbers, has one bit flipped there)
                var damaged = wal
                if cut >= 0 { damaged = Array(wal.prefix(cut)) } else { damaged[-cut] ^= 0x10 }
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                try writeFileBytes(path, database)
                try writeFileBytes(path + "-wal", damaged)
                // Then what opens is the first k commits exactly, or a named error
                switch await Self.readBack(path) {
                case .success(let documents):
                    let k = documents.count
                    #expect(documents == (0..<k).map(Self.document), "cut \(cut): not a prefix of the commits")
                    outcomes["prefix of \(k == 20 ? "all" : "fewer") commits", default: 0] += 1
                case .failure(let error):
                    outcomes["refused", default: 0] += 1
                    #expect("\(error)".isEmpty == false)
                }
            }
            print("WAL damage: \(cuts.count) cuts and flips: \(outcomes)")
            #expect(outcomes["prefix of all commits", default: 0] > 0)
        }
    }
}
