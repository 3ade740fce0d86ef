import BSON
import DocumentStore
@testable import EmbeddedStore
import Testing

/// `find` read a batch at a time: each batch resumes the walk where the last one stopped.
@Suite struct CursorTests {
    /// Every batch of a cursor, `count` at a time, until it is exhausted.
    static func drain(_ cursor: any DocumentCursor, count: Int, maximumBytes: Int = 1 << 24) async throws -> [[Document]] {
        var batches: [[Document]] = []
        while !cursor.isExhausted {
            let batch = try await cursor.next(count: count, maximumBytes: maximumBytes)
            #expect(batch.count <= count)
            batches.append(batch)
            if batches.count > 1_000 {
                Issue.record("a cursor that never ends")
                break
            }
        }
        return batches
    }

    static func item(_ i: Int) -> Document {
        let tags: [BSONValue] = [.int32(Int32(i % 5)), .int32(Int32(i % 4))]
        var document: Document = ["_id": .int32(Int32(i)), "k": .int32(Int32((i * 7) % 50))]
        document["g"] = .string(i % 3 == 0 ? "a" : "b")
        document["n"] = .int32(Int32(i % 97))
        document["tags"] = .array(tags)
        return document
    }

    @Test("in batches of 7, every plan's cursor returns what find returns, in the same order")
    func sameAsFind() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                // Given 600 documents, an index on k and one on (k, n) descending, and a field with no index
                let items = store.collection("items")
                try await items.createIndex(IndexModel(keys: ["k": 1]))
                try await items.createIndex(IndexModel(keys: ["g": 1, "n": -1]))
                try await items.insertMany((0..<600).map(Self.item))
                try await items.createIndex(IndexModel(keys: ["tags": 1]))
                let cases: [(Document, FindOptions)] = [
                    ([:], FindOptions()),                                                     // collection scan
                    (["n": ["$gt": 50]], FindOptions(skip: 13, limit: 111)),                  // filtered scan, skip and limit
                    ([:], FindOptions(sort: ["$natural": -1], limit: 40)),                    // backwards
                    (["_id": ["$gte": 100, "$lt": 400]], FindOptions()),                      // _id range
                    (["_id": ["$gte": 100]], FindOptions(sort: ["_id": -1], skip: 3)),        // _id range backwards
                    (["_id": ["$in": [5, 1, 77, 300, 599, 1000]]], FindOptions()),            // _id points
                    (["_id": 300, "n": ["$gte": 0]], FindOptions()),                          // one _id: find's own look-up
                    (["k": ["$gte": 10, "$lt": 30]], FindOptions(sort: ["k": 1])),             // index in index order
                    (["k": ["$in": [3, 9, 41]]], FindOptions(sort: ["k": -1])),               // several ranges, backwards
                    (["k": ["$gte": 10]], FindOptions()),                                      // index, natural order
                    (["g": "a"], FindOptions(sort: ["g": 1, "n": -1], projection: ["n": 1])), // compound index order, projected
                    (["tags": ["$in": [1, 3]]], FindOptions()),                                // multikey: each document once
                    (["n": ["$lt": 20]], FindOptions(sort: ["n": 1, "_id": -1], skip: 2, limit: 30)), // sort no index gives
                ]
                for (filter, options) in cases {
                    // When the query is read whole and through a cursor, 7 at a time
                    let whole = try await items.find(filter, options: options)
                    let batches = try await Self.drain(try await items.openCursor(filter, options: options), count: 7)
                    // Then both give the same documents in the same order
                    let read = batches.flatMap { $0 }
                    let same = read == whole
                    #expect(same, "\(filter) \(options): \(read.prefix(30).map { $0["_id"] ?? .null }) vs \(whole.prefix(30).map { $0["_id"] ?? .null })")
                    #expect(!whole.isEmpty, "\(filter) finds nothing: a weak case")
                }
            }
        }
    }

    @Test("a sort no index provides, with a limit, keeps the best matches only and returns what the whole sort would")
    func boundedSort() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                // Given 3,000 documents whose sort field has many equal values
                let items = store.collection("items")
                try await items.insertMany((0..<3000).map { ["_id": .int32(Int32($0)), "s": .int32(Int32(($0 * 7) % 17)), "n": .int32(Int32($0 % 101))] })
                let all = try await items.find([:])
                for (sort, skip, limit) in [(["s": 1] as Document, 300, 5), (["s": -1, "n": 1], 0, 40), (["n": -1], 2990, 100), (["s": 1], 0, 1)] {
                    // When they are sorted with a skip and a limit
                    let found = try await items.find([:], options: FindOptions(sort: sort, skip: skip, limit: limit))
                    // Then the result is the slice of the whole stable sort (equal keys in natural order)
                    let expected = Array(try SortSpec(sort).sorted(all).dropFirst(skip).prefix(limit))
                    #expect(found.map { $0["_id"] ?? .null } == expected.map { $0["_id"] ?? .null }, "\(sort) skip \(skip) limit \(limit)")
                }
            }
        }
    }

    @Test("later batches see the writes made in between, as MongoDB's cursors do, each document at most once")
    func writesBetweenBatches() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                // Given 1,000 documents and a cursor over all of them that has read 300
                let items = store.collection("items")
                try await items.insertMany((0..<1000).map { ["_id": .int32(Int32($0)), "n": .int32(Int32($0))] })
                let cursor = try await items.openCursor(["n": ["$gte": 0]], options: FindOptions())
                var seen: [Int] = []
                for _ in 0..<3 { seen += try await cursor.next(count: 100, maximumBytes: 1 << 24).compactMap { $0["_id"]?.integerValue } }
                // When documents not yet read are deleted or changed to match no more, one already
                // read is deleted, and new ones are inserted
                _ = try await items.deleteMany(["_id": ["$gte": 950]])
                _ = try await items.updateOne(["_id": 500], ["$set": ["n": -1]])
                _ = try await items.deleteOne(["_id": 5])
                try await items.insertMany((1000..<1010).map { ["_id": .int32(Int32($0)), "n": .int32(Int32($0))] })
                seen += try await Self.drain(cursor, count: 100).flatMap { $0 }.compactMap { $0["_id"]?.integerValue }
                // Then the rest of the walk skips what is gone or no longer matches and finds the new ones
                let expected = Array(0..<300) + Array(300..<950).filter { $0 != 500 } + Array(1000..<1010)
                #expect(seen == expected)
            }
        }
    }

    @Test("a batch stops at the document that brings it to the byte limit; the limit ends the cursor")
    func byteAndCountLimits() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                // Given 100 documents of about 1 KB
                let items = store.collection("items")
                try await items.insertMany((0..<100).map { ["_id": .int32(Int32($0)), "pad": .string(String(repeating: "x", count: 1000))] })
                // When a cursor limited to 25 is read in batches of at most 3 KB
                let cursor = try await items.openCursor([:], options: FindOptions(limit: 25))
                let batches = try await Self.drain(cursor, count: 1000, maximumBytes: 3000)
                // Then each batch is 3 documents (the third passes 3 KB), and 25 in all
                #expect(batches.dropLast().allSatisfy { $0.count == 3 }, "\(batches.map(\.count))")
                #expect(batches.flatMap { $0 }.count == 25)
                #expect(cursor.isExhausted)
                #expect(try await cursor.next(count: 10, maximumBytes: 1 << 20).isEmpty)
            }
        }
    }

    @Test("a cursor whose index or collection is dropped between batches says QueryPlanKilled")
    func droppedUnderneath() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                // Given cursors, each with a batch read, over an index and over a collection scan
                let items = store.collection("items")
                try await items.createIndex(IndexModel(keys: ["k": 1]))
                try await items.insertMany((0..<50).map { ["_id": .int32(Int32($0)), "k": .int32(Int32($0))] })
                let byIndex = try await items.openCursor(["k": ["$gte": 0]], options: FindOptions(sort: ["k": 1]))
                let scan = try await items.openCursor([:], options: FindOptions())
                #expect(try await byIndex.next(count: 10, maximumBytes: 1 << 20).count == 10)
                #expect(try await scan.next(count: 10, maximumBytes: 1 << 20).count == 10)
                // When the index is dropped, then the index cursor's next batch fails with 175
                try await items.dropIndex("k_1")
                await #expect(throws: StoreError.queryPlanKilled("index k_1 of items was dropped while its cursor was open")) {
                    _ = try await byIndex.next(count: 10, maximumBytes: 1 << 20)
                }
                #expect(try await scan.next(count: 10, maximumBytes: 1 << 20).count == 10)
                // When the collection is dropped and made again, then the scan's fails the same way
                try await items.drop()
                try await items.insertOne(["_id": 1])
                await #expect(throws: StoreError.queryPlanKilled("collection items was dropped while its cursor was open")) {
                    _ = try await scan.next(count: 10, maximumBytes: 1 << 20)
                }
            }
        }
    }
}
