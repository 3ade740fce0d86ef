import BSON
import DocumentStore
import Testing
import TestSupport

/// `$[]` and `$[name]` with `arrayFilters`, on the embedded store and on MongoStore through the
/// wire protocol.
@Suite("Conformance: arrayFilters and all-positional updates")
struct ConformanceArrayFilterTests {
    @Test("$[] reaches every element, $[name] those its filter matches, also nested and in findOneAndUpdate", arguments: StoreKind.allCases)
    func positional(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given arrays of numbers and of documents
            try await items.insertMany([
                ["_id": 1, "scores": [1, 5, 9], "grades": [["g": 80, "m": 1], ["g": 95, "m": 2]]],
                ["_id": 2, "scores": [7], "grades": [["g": 60, "m": 3]]],
            ])
            // When every element, and the elements a filter picks, are updated
            let all = try await items.updateMany([:], ["$inc": ["scores.$[]": 1]])
            #expect(all.matchedCount == 2 && all.modifiedCount == 2)
            let some = try await items.updateOne(["_id": 1], ["$set": ["scores.$[big]": 0]], options: UpdateOptions(arrayFilters: [["big": ["$gte": 6]]]))
            #expect(some.modifiedCount == 1)
            try await items.updateMany([:], ["$mul": ["grades.$[low].g": 2]], options: UpdateOptions(arrayFilters: [["low.g": ["$lt": 90]]]))
            // Then only those elements changed
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "scores": [2, 0, 0], "grades": [["g": 160, "m": 1], ["g": 95, "m": 2]]])
            #expect(try await items.findOne(["_id": 2]) == ["_id": 2, "scores": [8], "grades": [["g": 120, "m": 3]]])
            // And findOneAndUpdate takes them too
            let after = try await items.findOneAndUpdate(
                ["_id": 2], ["$set": ["grades.$[x].m": 9]], options: FindOneAndUpdateOptions(returnDocument: .after, arrayFilters: [["x.m": 3]]))
            #expect(after?["grades"] == [["g": 120, "m": 9]])
        }
    }

    @Test("a missing filter, an unused one, a bad name and a path without an array are refused, and nothing changes", arguments: StoreKind.allCases)
    func refusals(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertOne(["_id": 1, "a": [1, 2], "s": 5])
            let missing = await storeError { try await items.updateOne(["_id": 1], ["$set": ["a.$[x]": 0]]) }
            #expect(missing?.code == 2)
            let unused = await storeError { try await items.updateOne(["_id": 1], ["$set": ["a.$[]": 0]], options: UpdateOptions(arrayFilters: [["y": 1]])) }
            #expect(unused?.code == 9)
            let badName = await storeError { try await items.updateOne(["_id": 1], ["$set": ["a.$[X]": 0]], options: UpdateOptions(arrayFilters: [["X": 1]])) }
            #expect(badName?.code == 2)
            let twice = await storeError {
                try await items.updateOne(["_id": 1], ["$set": ["a.$[x]": 0]], options: UpdateOptions(arrayFilters: [["x": 1], ["x": 2]]))
            }
            #expect(twice?.code == 9)
            let notArray = await storeError { try await items.updateOne(["_id": 1], ["$set": ["s.$[]": 0]]) }
            #expect(notArray?.code == 2)
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "a": [1, 2], "s": 5])
        }
    }
}

/// `replaceAll`, which `$out` uses.
@Suite("Conformance: replacing a collection's contents")
struct ConformanceReplaceAllTests {
    @Test("replaceAll swaps every document in one step, and a duplicate _id leaves the old ones", arguments: StoreKind.allCases)
    func replaceAll(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given a collection
            try await items.insertMany([["_id": 1, "old": true], ["_id": 2, "old": true]])
            // When its contents are replaced
            try await items.replaceAll(with: [["_id": 2, "new": true], ["_id": 3, "new": true]])
            // Then exactly the new documents are there
            #expect(try await items.find([:], options: FindOptions(sort: ["_id": 1])) == [["_id": 2, "new": true], ["_id": 3, "new": true]])
            // And a replacement that cannot be stored whole changes nothing
            let refused = await storeError { try await items.replaceAll(with: [["_id": 9], ["_id": 9]]) }
            #expect(refused?.code == 11000)
            #expect(ids(try await items.find([:], options: FindOptions(sort: ["_id": 1]))) == [2, 3])
            try await items.replaceAll(with: [])
            #expect(try await items.countDocuments() == 0)
        }
    }

    @Test("rename keeps documents and indexes under the new name, refuses a taken name unless told to drop it", arguments: StoreKind.allCases)
    func rename(kind: StoreKind) async throws {
        try await withStore(kind) { store, items in
            // Given a collection with an index, and another collection
            try await items.insertMany([["_id": 1, "e": "a"], ["_id": 2, "e": "b"]])
            try await items.createIndex(IndexModel(keys: ["e": 1], unique: true))
            let other = store.collection("other")
            try await other.insertOne(["_id": 7])
            // When it is renamed onto the other's name
            let taken = await storeError { try await items.rename(to: "other", dropTarget: false) }
            #expect(taken?.code == 48)
            try await items.rename(to: "other", dropTarget: true)
            // Then its documents and unique index live under the new name, and the old name is empty
            #expect(ids(try await other.find([:], options: FindOptions(sort: ["_id": 1]))) == [1, 2])
            #expect(await storeError { try await other.insertOne(["_id": 3, "e": "a"]) }?.code == 11000)
            #expect(try await store.collection("items").countDocuments() == 0)
            let missing = await storeError { try await store.collection("nothing").rename(to: "x", dropTarget: false) }
            #expect(missing?.code == 26)
        }
    }
}
