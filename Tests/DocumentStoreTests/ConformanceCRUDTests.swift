import BSON
import DocumentStore
import Testing
import TestSupport

@Suite("Conformance: CRUD")
struct ConformanceCRUDTests {
    @Test("insertOne adds an ObjectId _id first and finds it back", arguments: StoreKind.allCases)
    func insertAssignsId(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given a document without _id
            // When it is inserted
            let id = try await items.insertOne(["name": "Ann", "age": 30])
            // Then it gets an ObjectId, stored as the first field
            let found = try #require(try await items.findOne(["_id": id]))
            #expect(id.objectIdValue != nil)
            #expect(found.fieldNames == ["_id", "name", "age"])
            #expect(found["age"] == .int32(30))
        }
    }

    @Test("a filter on _id and other fields finds the document only when all of them match, read after read and after changes", arguments: StoreKind.allCases)
    func idWithOtherFields(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given a document read by _id often enough to be cached
            try await items.insertOne(["_id": 1, "owner": "ann", "tags": ["a", "b"], "n": 5])
            for _ in 0..<3 { #expect(try await items.findOne(["_id": 1]) != nil) }
            for _ in 0..<2 {
                // When it is asked for by _id with other conditions
                // Then it is found only when every condition holds
                #expect(ids(try await items.find(["_id": 1, "owner": "ann"])) == [1])
                #expect(ids(try await items.find(["_id": .double(1.0), "owner": "ann", "tags": "b", "n": ["$gt": 4]])) == [1])
                #expect(try await items.find(["_id": 1, "owner": "bob"]).isEmpty)
                #expect(try await items.find(["_id": 1, "n": ["$lt": 5]]).isEmpty)
                #expect(try await items.find(["_id": 2, "owner": "ann"]).isEmpty)
                #expect(try await items.findOne(["owner": "ann", "_id": 1])?["n"] == 5)
            }
            // And after the document changes, the answers follow it
            try await items.updateOne(["_id": 1], ["$set": ["owner": "bob"]])
            #expect(try await items.find(["_id": 1, "owner": "ann"]).isEmpty)
            #expect(ids(try await items.find(["_id": 1, "owner": "bob"])) == [1])
            // And a malformed condition beside the _id is refused as anywhere else
            let error = await storeError { try await items.find(["_id": 1, "n": ["$bogus": 1]]) }
            #expect(error?.code == 2)
        }
    }

    @Test("a duplicate _id is MongoDB's duplicate key error; 1 and 1.0 are the same _id", arguments: StoreKind.allCases)
    func duplicateId(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertOne(["_id": 1, "v": "first"])
            let error = await storeError { try await items.insertOne(["_id": .double(1.0), "v": "second"]) }
            #expect(error?.code == 11000)
            #expect(error?.message == "E11000 duplicate key error collection: speak_ai_db.items index: _id_ dup key: { _id: 1.0 }")
            #expect(error?.keyPattern == ["_id": .int32(1)] && error?.keyValue == ["_id": .double(1.0)])
            #expect(try await items.countDocuments() == 1)
        }
    }

    @Test("insertMany is all or nothing", arguments: StoreKind.allCases)
    func insertManyAtomic(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertOne(["_id": 3])
            // When a batch holds a duplicate of an existing id
            let error = await storeError { try await items.insertMany([["_id": 1], ["_id": 2], ["_id": 3], ["_id": 4]]) }
            // Then it fails and none of the batch is stored
            #expect(error?.code == 11000)
            #expect(ids(try await items.find()) == [3])
            // And a clean batch goes in whole, in order
            let inserted = try await items.insertMany([["_id": 10], ["_id": 11]])
            #expect(inserted == [10, 11])
            #expect(ids(try await items.find()) == [3, 10, 11])
        }
    }

    @Test("_id may not be an array, regex, undefined or a document with a $-field", arguments: StoreKind.allCases)
    func badIds(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            let badIds: [BSONValue] = [[1, 2], .regex(BSONRegex(pattern: "a")), .undefined, ["$a": 1], ["b": 1, "$c": 2]]
            for bad in badIds {
                let error = await storeError { try await items.insertOne(["_id": bad]) }
                #expect(error?.code == 53)
            }
            let count = try await items.countDocuments()
            #expect(count == 0)
        }
    }

    @Test("deleteOne and deleteMany report how many they removed", arguments: StoreKind.allCases)
    func deletes(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertMany((1...6).map { ["_id": .int32(Int32($0)), "even": .bool($0 % 2 == 0)] })
            #expect(try await items.deleteOne(["even": true]) == 1)
            #expect(try await items.deleteMany(["even": true]) == 2)
            #expect(try await items.deleteMany(["even": true]) == 0)
            #expect(ids(try await items.find()) == [1, 3, 5])
        }
    }

    @Test("replaceOne keeps _id, refuses to change it, and can upsert", arguments: StoreKind.allCases)
    func replace(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertOne(["_id": 1, "a": 1, "b": 2])
            let result = try await items.replaceOne(["_id": 1], ["c": 3])
            #expect(result == UpdateResult(matchedCount: 1, modifiedCount: 1))
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "c": 3])
            let error = await storeError { try await items.replaceOne(["_id": 1], ["_id": 2, "c": 4]) }
            #expect(error?.code == 66)
            let upserted = try await items.replaceOne(["_id": 7], ["x": true], upsert: true)
            #expect(upserted.upsertedId == 7)
            #expect(try await items.findOne(["_id": 7]) == ["_id": 7, "x": true])
            let withOperator = await storeError { try await items.replaceOne(["_id": 1], ["$set": ["a": 1]]) }
            #expect(withOperator?.code == 2)
        }
    }

    @Test("findOneAndUpdate returns before or after, in sort order, and upserts", arguments: StoreKind.allCases)
    func findOneAndUpdate(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertMany([["_id": 1, "n": 5], ["_id": 2, "n": 9]])
            let before = try await items.findOneAndUpdate([:], ["$inc": ["n": 1]], options: .init(returnDocument: .before, sort: ["n": -1]))
            #expect(before == ["_id": 2, "n": 9])
            let after = try await items.findOneAndUpdate(["_id": 2], ["$inc": ["n": 1]], options: .init(returnDocument: .after))
            #expect(after == ["_id": 2, "n": 11])
            let none = try await items.findOneAndUpdate(["_id": 3], ["$set": ["n": 1]], options: .init())
            #expect(none == nil)
            let created = try await items.findOneAndUpdate(["_id": 3], ["$set": ["n": 1]], options: .init(returnDocument: .after, upsert: true))
            #expect(created == ["_id": 3, "n": 1])
        }
    }

    @Test("documents over 16 MiB are refused with MongoDB's error", arguments: StoreKind.allCases)
    func documentLimit(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            let big = String(repeating: "x", count: 16 * 1024 * 1024)
            let error = await storeError { try await items.insertOne(["big": .string(big)]) }
            #expect(error?.code == 10334)
            #expect(try await items.countDocuments() == 0)
            // A document just under the limit is fine
            try await items.insertOne(["_id": 1, "big": .string(String(repeating: "y", count: 16 * 1024 * 1024 - 100))])
            #expect(try await items.countDocuments() == 1)
        }
    }

    @Test("collections are listed, dropped, and validated by name", arguments: StoreKind.allCases)
    func collections(kind: StoreKind) async throws {
        try await withStore(kind) { store, items in
            try await items.insertOne(["a": 1])
            try await store.collection("other").insertOne(["b": 1])
            #expect(try await store.listCollections() == ["items", "other"])
            try await store.collection("other").drop()
            #expect(try await store.listCollections() == ["items"])
            let bad = await storeError { try await store.collection("bad$name").insertOne(["a": 1]) }
            #expect(bad?.code == 73)
        }
    }
}
