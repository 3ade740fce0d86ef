import BSON
import DocumentStore
@testable import EmbeddedStore
import Foundation
import SQLite
import Testing
import TestSupport

@Suite("Embedded store: an ObjectId's document in a row made from the id")
struct ObjectIdRowTests {
    private func objectId(seconds: UInt32, random: [UInt8], counter: UInt32) -> ObjectId {
        let secondBytes = (0..<4).map { UInt8(truncatingIfNeeded: seconds >> (24 - 8 * $0)) }
        let counterBytes = (0..<3).map { UInt8(truncatingIfNeeded: counter >> (16 - 8 * $0)) }
        return ObjectId(bytes: secondBytes + random + counterBytes)
    }

    @Test("the row is 2^62 plus the id's seconds, 6 bits of its random part and its counter; other ids have none")
    func rowLayout() {
        // Given ObjectIds with known parts, and other kinds of _id
        let id = objectId(seconds: 0x0102_0304, random: [9, 9, 9, 9, 0xFF], counter: 0x0A0B0C)
        let largest = ObjectId(bytes: [UInt8](repeating: 0xFF, count: 12))
        // Then the rows are made of those parts, within Int64's positive range
        let expected: Int64 = 1 << 62 | 0x0102_0304 << 30 | 0x3F << 24 | 0x0A0B0C
        #expect(ObjectIdRow.row(forKey: KeyString.key(.objectId(id))) == expected)
        #expect(ObjectIdRow.row(forKey: KeyString.key(.objectId(largest))) == Int64.max)
        #expect(ObjectIdRow.row(forKey: KeyString.key(.objectId(ObjectId(bytes: [UInt8](repeating: 0, count: 12))))) == ObjectIdRow.firstMade)
        for other: BSONValue in [.int32(7), .string("abcdefghijkl"), .binary(BSONBinary(subtype: 0, data: [UInt8](repeating: 1, count: 11)))] {
            #expect(ObjectIdRow.row(forKey: KeyString.key(other)) == nil)
        }
    }

    /// The row id each `_id` is stored under, read from the closed file.
    private func rows(of ids: [BSONValue], collection: String, in path: String) throws -> [Int64?] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let catalog = try connection.statement("SELECT tbl FROM speakai_collections WHERE name = ?1")
        try catalog.bind(collection, at: 1)
        guard try catalog.step() else { return [] }
        let table = catalog.text(at: 0)
        catalog.reset()
        let lookup = try connection.statement("SELECT r FROM \"\(table)\" WHERE k = ?1")
        return try ids.map { id in
            defer { lookup.reset() }
            try lookup.bind(KeyString.key(id), at: 1)
            return try lookup.step() ? lookup.int64(at: 0) : nil
        }
    }

    @Test("ids made in sequence keep insertion order; ids that make one row all stay readable, before and after deletes")
    func collisionsAndOrder() async throws {
        try await withDataFile { path in
            // Given ObjectIds made in sequence, two ids that make the same row (they differ only in
            // random bits the row leaves out), and documents with other kinds of _id between them
            let made = (0..<300).map { _ in BSONValue.objectId(ObjectId()) }
            let twin = objectId(seconds: 1_700_000_000, random: [1, 2, 3, 4, 0xC5], counter: 42)
            let other = objectId(seconds: 1_700_000_000, random: [9, 8, 7, 6, 0x05], counter: 42)
            let twins: [BSONValue] = [.objectId(twin), .objectId(other)]
            #expect(ObjectIdRow.row(forKey: KeyString.key(twins[0])) == ObjectIdRow.row(forKey: KeyString.key(twins[1])))
            try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                try await items.insertMany(made.prefix(150).map { ["_id": $0, "n": .int32(1)] })
                try await items.insertMany([["_id": .int32(5), "n": .int32(2)], ["_id": .string("s"), "n": .int32(2)]])
                try await items.insertMany(made.suffix(150).map { ["_id": $0, "n": .int32(3)] })
                for id in twins { try await items.insertOne(["_id": id, "n": .int32(4)]) }
                // When they are read by _id and in natural order
                // Then each _id finds its own document, and the sequence comes back in insertion order
                for id in made + twins + [.int32(5), .string("s")] {
                    #expect(try await items.findOne(["_id": id])?["_id"] == id)
                }
                #expect(try await items.find(["n": ["$in": [1, 3]]]).map { $0["_id"] } == made)
                // (the documents with other kinds of _id come first in natural order, in insertion order)
                #expect(try await items.find([:]).prefix(2).map { $0["_id"] } == [.int32(5), .string("s")])
                // And a duplicate of either twin is refused as a duplicate
                for id in twins {
                    await #expect(throws: StoreError.self) { try await items.insertOne(["_id": id]) }
                }
            }
            // And the first twin (and every id made here) took its own row, the second another one
            let stored = try rows(of: made + twins, collection: "items", in: path)
            #expect(Array(stored.prefix(300)) == made.map { ObjectIdRow.row(forKey: KeyString.key($0)) })
            #expect(stored[300] == ObjectIdRow.row(forKey: KeyString.key(twins[0])))
            #expect(stored[301] != nil && stored[301] != stored[300])
            // When the first twin is deleted, the second is still found; put back, the first is found again
            try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                try await items.deleteOne(["_id": twins[0]])
                #expect(try await items.findOne(["_id": twins[0]]) == nil)
                #expect(try await items.findOne(["_id": twins[1]])?["n"] == .int32(4))
                try await items.insertOne(["_id": twins[0], "n": .int32(5)])
                #expect(try await items.findOne(["_id": twins[0]])?["n"] == .int32(5))
                #expect(try await items.find(["_id": ["$in": .array(twins)]]).count == 2)
            }
            #expect(verifiesHealthy(path))
        }
    }

    @Test("compaction moves documents stored in rows given in sequence into the rows made from their ObjectIds")
    func compactionRenumbers() async throws {
        try await withDataFile { path in
            // Given a file written before rows were made from ObjectIds: documents with ObjectIds
            // (two of them twins) and other ids, in rows given in sequence, with two indexes
            let made = (0..<500).map { _ in BSONValue.objectId(ObjectId()) }
            let twins: [BSONValue] = [.objectId(objectId(seconds: 1_700_000_000, random: [1, 2, 3, 4, 0xC5], counter: 42)),
                                      .objectId(objectId(seconds: 1_700_000_000, random: [9, 8, 7, 6, 0x05], counter: 42))]
            let others: [BSONValue] = [.int32(5), .string("s")]
            let ids = made + twins + others
            let expected: [Document] = try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                try await items.createIndex(IndexModel(keys: ["n": 1]))
                try await items.createIndex(IndexModel(keys: ["group": 1, "n": -1], unique: true))
                try await items.insertMany(ids.enumerated().map { ["_id": $1, "n": .int32(Int32($0)), "group": .int32(Int32($0 % 3))] })
                return try await items.find([:], options: FindOptions(sort: ["n": 1]))
            }
            try moveIntoSequentialRows(collection: "items", in: path)
            #expect(try rows(of: ids, collection: "items", in: path).allSatisfy { ($0 ?? .max) < ObjectIdRow.firstMade })
            #expect(verifiesHealthy(path))
            #expect(try DataFileVerifier.verify(path: path).documentsInSequentialRows == made.count + 2)
            // When the file is compacted
            var reported: [(Int, Int)] = []
            let report = try DataFileMaintenance.compact(path: path, renumbering: { reported.append(($0, $1)) })
            // Then every ObjectId's document is in its own row, but one of the twins (the first to
            // move took the row both make), and the other ids stay in sequence
            #expect(report.documentsMoved == made.count + 1)
            #expect(reported.last.map { $0.0 == made.count + 2 && $0.1 == made.count + 2 } == true)
            let stored = try rows(of: ids, collection: "items", in: path)
            #expect(Array(stored.prefix(made.count)) == made.map { ObjectIdRow.row(forKey: KeyString.key($0)) })
            let twinRow = ObjectIdRow.row(forKey: KeyString.key(twins[0]))
            #expect(stored[made.count...].prefix(2).filter { $0 == twinRow }.count == 1)
            #expect(stored[made.count...].filter { ($0 ?? .max) < ObjectIdRow.firstMade }.count == 3)
            // And the file is healthy, every document is found by _id and through both indexes
            #expect(verifiesHealthy(path))
            #expect(try DataFileVerifier.verify(path: path).documentsInSequentialRows == 1)
            try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                for (n, id) in ids.enumerated() {
                    #expect(try await items.findOne(["_id": id])?["n"] == .int32(Int32(n)))
                }
                #expect(try await items.find([:], options: FindOptions(sort: ["n": 1])) == expected)
                #expect(try await items.find(["n": ["$gte": 250]]).count == ids.count - 250)
                #expect(try await items.find(["group": 1], options: FindOptions(sort: ["n": -1])).map { $0["_id"] } == expected.filter { $0["group"] == 1 }.reversed().map { $0["_id"] })
                await #expect(throws: StoreError.self) { try await items.insertOne(["_id": made[7], "n": -1]) }
            }
            // And compacting again moves nothing
            #expect(try DataFileMaintenance.compact(path: path).documentsMoved == 0)
        }
    }
}
