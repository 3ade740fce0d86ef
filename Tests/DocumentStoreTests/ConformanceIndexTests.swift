import BSON
import DocumentStore
import Testing
import TestSupport

@Suite("Conformance: indexes")
struct ConformanceIndexTests {
    @Test("a unique index refuses duplicates, naming the index and key", arguments: StoreKind.allCases)
    func uniqueIndex(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            let name = try await items.createIndex(IndexModel(keys: ["email": 1], unique: true))
            #expect(name == "email_1")
            try await items.insertOne(["email": "a@b.c"])
            let error = await storeError { try await items.insertOne(["email": "a@b.c"]) }
            #expect(error?.code == 11000)
            #expect(error?.message == #"E11000 duplicate key error collection: speak_ai_db.items index: email_1 dup key: { email: "a@b.c" }"#)
            #expect(error?.keyPattern == ["email": .int32(1)] && error?.keyValue == ["email": "a@b.c"])
            // An update into a duplicate fails too, and changes nothing
            try await items.insertOne(["_id": 9, "email": "x@y.z"])
            let updateError = await storeError { try await items.updateOne(["_id": 9], ["$set": ["email": "a@b.c"]]) }
            #expect(updateError?.code == 11000)
            #expect(try await items.findOne(["_id": 9])?["email"] == "x@y.z")
        }
    }

    @Test("updateMany is atomic when a unique index stops it half way", arguments: StoreKind.allCases)
    func atomicUpdateMany(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.createIndex(IndexModel(keys: ["k": 1], unique: true))
            try await items.insertMany([["_id": 1, "k": 1, "g": true], ["_id": 2, "k": 2, "g": true]])
            let error = await storeError { try await items.updateMany(["g": true], ["$set": ["k": 7]]) }
            #expect(error?.code == 11000)
            #expect(try await items.find([:], options: FindOptions(sort: ["_id": 1])).map { $0["k"] } == [1, 2])
        }
    }

    @Test("compound unique, sparse, listing, idempotence, conflicts, dropping", arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.createIndex(IndexModel(keys: ["conversation_id": 1, "timestamp": 1]))
            try await items.createIndex(IndexModel(keys: ["a": 1, "b": 1], unique: true))
            try await items.createIndex(IndexModel(keys: ["nick": 1], unique: true, sparse: true))
            #expect(try await items.createIndex(IndexModel(keys: ["a": 1, "b": 1], unique: true)) == "a_1_b_1")
            let conflict = await storeError { try await items.createIndex(IndexModel(keys: ["a": 1, "b": 1], unique: false)) }
            #expect(conflict?.code == 85)
            try await items.insertMany([["a": 1, "b": 1], ["a": 1, "b": 2], ["a": 2]])
            #expect(await storeError { try await items.insertOne(["a": 1, "b": 2]) }?.code == 11000)
            // Sparse: many documents without the field are fine
            #expect(await storeError { try await items.insertOne(["a": 3]) } == nil)
            let names = try await items.listIndexes().map { $0.name ?? "" }
            #expect(names == ["_id_", "conversation_id_1_timestamp_1", "a_1_b_1", "nick_1"])
            try await items.dropIndex("a_1_b_1")
            try await items.insertOne(["a": 1, "b": 2])
            #expect(await storeError { try await items.dropIndex("a_1_b_1") }?.code == 27)
            #expect(await storeError { try await items.dropIndex("_id_") }?.code == 72)
        }
    }

    @Test("creating a unique index over duplicate data fails", arguments: StoreKind.allCases)
    func uniqueOverDuplicates(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertMany([["e": 1], ["e": 1]])
            #expect(await storeError { try await items.createIndex(IndexModel(keys: ["e": 1], unique: true)) }?.code == 11000)
            #expect(try await items.listIndexes().count == 1)
        }
    }

    @Test("indexed queries give exactly the results of a scan", arguments: StoreKind.allCases)
    func indexedEqualsScan(kind: StoreKind) async throws {
        try await withStore(kind) { store, items in
            let scanned = store.collection("scanned")
            let documents: [Document] = (0..<300).map { i in
                var d: Document = ["_id": .int32(Int32(i)), "c": .int32(Int32(i % 7)), "t": .int32(Int32(i % 5))]
                if i % 3 == 0 { d["tags"] = [.int32(Int32(i % 4)), "x"] }
                if i % 11 == 0 { d["c"] = nil }
                return d
            }
            try await items.createIndex(IndexModel(keys: ["c": 1]))
            try await items.createIndex(IndexModel(keys: ["tags": 1]))
            try await items.createIndex(IndexModel(keys: ["c": 1, "t": 1]))
            try await items.insertMany(documents)
            try await scanned.insertMany(documents)
            let filters: [Document] = [["c": 3], ["c": nil], ["c": ["$in": [1, 2]]], ["tags": 2], ["tags": "x"], ["c": 3, "t": 1],
                                       ["c": .double(4.0)], ["c": 3, "t": ["$in": [1, 2]]], ["tags": [0, "x"]]]
            for filter in filters {
                #expect(try await items.find(filter) == (try await scanned.find(filter)), "\(filter.extendedJSON())")
            }
        }
    }
}
