import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Testing
import TestSupport

/// Reads on the caller's thread keep their snapshot open from one read to the next while
/// nothing is committed; these tests hold them to what that must never cost.
@Suite("Embedded store: held read snapshots")
struct SnapshotTests {
    @Test("a read after an acknowledged write sees it, though its connection held an older snapshot")
    func readYourWrites() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                // Given a document that reads have already seen (their snapshots are held)
                let items = store.collection("items")
                try await items.createIndex(IndexModel(keys: ["n": 1]))
                try await items.insertOne(["_id": 1, "n": 0])
                #expect(try await items.findOne(["_id": 1])?["n"] == 0)
                for round in 1...300 {
                    // When it is changed, from another task, and the change is acknowledged
                    try await Task { try await items.updateOne(["_id": 1], ["$set": ["n": .int32(Int32(round))]]) }.value
                    // Then every kind of read sees it at once: by _id, through the index, by count
                    #expect(try await items.findOne(["_id": 1])?["n"] == .int32(Int32(round)))
                    #expect(try await items.find(["n": .int32(Int32(round))]).count == 1)
                    #expect(try await items.countDocuments(["n": ["$lt": .int32(Int32(round))]]) == 0)
                }
                // And a collection made after the snapshots began is seen too
                try await store.collection("later").insertOne(["_id": 7])
                #expect(try await store.collection("later").findOne(["_id": 7]) != nil)
            }
        }
    }

    @Test("idle held snapshots do not keep the WAL from being checkpointed")
    func walStaysBounded() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                // Given reads that left their snapshots open
                let items = store.collection("items")
                try await items.insertOne(["_id": -1])
                for _ in 0..<4 { _ = try await items.findOne(["_id": -1]) }
                // When a thousand commits of 16 KiB each follow, with no read in between
                let pad = String(repeating: "x", count: 16 * 1024)
                for i in 0..<1000 { try await items.insertOne(["_id": .int32(Int32(i)), "pad": .string(pad)]) }
                // Then the WAL was checkpointed and reused: far below the 20 MiB written through it
                let wal = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
                #expect(wal < 12 << 20, "the WAL grew to \(wal) bytes")
                #expect(try await items.countDocuments() == 1001)
            }
        }
    }
}
