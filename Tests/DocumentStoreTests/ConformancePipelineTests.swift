import BSON
import DocumentStore
import Testing
import TestSupport

/// Pipeline updates and `$expr`, on the embedded store and on MongoStore through the wire
/// protocol (libmongoc sends the pipeline as an array; the wire hands it back as a pipeline).
@Suite("Conformance: pipeline updates and $expr")
struct ConformancePipelineTests {
    static func pipeline(_ stages: BSONValue...) -> Document { UpdatePipeline.document(stages: stages) }

    @Test("$set/$addFields compute from the document, $unset and $project drop fields, $replaceRoot/$replaceWith swap it", arguments: StoreKind.allCases)
    func stages(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given documents with numbers and a nested document
            try await items.insertMany([["_id": 1, "x": 1, "y": 2, "t": ["u": 7]], ["_id": 2, "x": 10, "y": 20, "t": ["u": 8]]])
            // When pipelines update them
            let one = try await items.updateOne(["_id": 1], Self.pipeline(["$set": ["sum": ["$add": ["$x", "$y"]], "x": 5]], ["$addFields": ["seen": "$x"]]))
            #expect(one.matchedCount == 1 && one.modifiedCount == 1)
            let many = try await items.updateMany([:], Self.pipeline(["$unset": "t"], ["$project": ["x": 1, "y": 1, "sum": 1, "seen": 1]]))
            #expect(many.matchedCount == 2 && many.modifiedCount == 2)
            // Then each stage read the document as the stage before left it
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "x": 5, "y": 2, "sum": 3, "seen": 5])
            #expect(try await items.findOne(["_id": 2]) == ["_id": 2, "x": 10, "y": 20])
            // And a replacement root keeps the _id
            try await items.updateOne(["_id": 2], Self.pipeline(["$replaceWith": ["a": "$x"]]))
            #expect(try await items.findOne(["_id": 2]) == ["_id": 2, "a": 10])
            try await items.updateOne(["_id": 1], Self.pipeline(["$replaceRoot": ["newRoot": ["b": ["$multiply": ["$y", 3]]]]]))
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "b": 6])
        }
    }

    @Test("an upsert runs the pipeline on the filter's equality fields; findOneAndUpdate takes a pipeline too", arguments: StoreKind.allCases)
    func upsertAndFindAndModify(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            let result = try await items.updateOne(["_id": 7, "kind": "a"], Self.pipeline(["$set": ["n": ["$add": [1, 2]]]]), upsert: true)
            #expect(result.upsertedId == 7)
            #expect(try await items.findOne(["_id": 7]) == ["_id": 7, "kind": "a", "n": 3])
            let after = try await items.findOneAndUpdate(
                ["_id": 7], Self.pipeline(["$set": ["n": ["$multiply": ["$n", 10]]]]), options: FindOneAndUpdateOptions(returnDocument: .after))
            #expect(after == ["_id": 7, "kind": "a", "n": 30])
        }
    }

    @Test("a stage an update may not use, a changed _id and an unknown expression are refused and change nothing", arguments: StoreKind.allCases)
    func refusals(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertOne(["_id": 1, "x": 1])
            let group = await storeError { try await items.updateOne(["_id": 1], Self.pipeline(["$group": ["_id": "$x"]])) }
            #expect(group?.code == 72)
            let id = await storeError { try await items.updateOne(["_id": 1], Self.pipeline(["$set": ["_id": 2]])) }
            #expect(id?.code == 66)
            let unknown = await storeError { try await items.updateOne(["_id": 1], Self.pipeline(["$set": ["y": ["$frobnicate": 1]]])) }
            #expect(unknown?.code == 168)
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "x": 1])
        }
    }

    @Test("$setField, $getField and $unsetField reach field names a path cannot: dotted and $-prefixed", arguments: StoreKind.allCases)
    func literalFieldNames(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertOne(["_id": 1, "foo": [:]])
            // When fields named "$a" and "a.b" are set through $setField
            try await items.updateOne(["_id": 1], Self.pipeline(["$replaceWith": ["$setField": ["field": ["$literal": "$a"], "value": 1, "input": "$$ROOT"]]]))
            try await items.updateOne(["_id": 1], Self.pipeline(["$set": ["foo": ["$setField": ["field": "a.b", "value": 2, "input": "$foo"]]]]))
            // Then they are stored under exactly those names, and read back by $getField
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "foo": ["a.b": 2], "$a": 1])
            let read = try await items.find(["$expr": ["$eq": [["$getField": ["field": "a.b", "input": "$foo"]], 2]]])
            #expect(ids(read) == [1])
            try await items.updateOne(["_id": 1], Self.pipeline(["$replaceWith": ["$unsetField": ["field": ["$literal": "$a"], "input": "$$ROOT"]]]))
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "foo": ["a.b": 2]])
        }
    }

    @Test("$expr compares fields of one document, alone or beside other conditions", arguments: StoreKind.allCases)
    func expr(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given budgets and spendings
            try await items.insertMany([
                ["_id": 1, "budget": 10, "spent": 20, "kind": "a"], ["_id": 2, "budget": 50, "spent": 20, "kind": "a"],
                ["_id": 3, "budget": 5, "spent": 6, "kind": "b"], ["_id": 4, "kind": "a"],
            ])
            // When the filter compares two fields of the same document
            let over = try await items.find(["$expr": ["$gt": ["$spent", "$budget"]]], options: FindOptions(sort: ["_id": 1]))
            // Then only the documents that overspent match (a missing field compares as null)
            #expect(ids(over) == [1, 3])
            let overA = try await items.find(["kind": "a", "$expr": ["$gt": ["$spent", "$budget"]]])
            #expect(ids(overA) == [1])
            let either = try await items.countDocuments(["$or": [["$expr": ["$eq": ["$budget", 50]]], ["kind": "b"]]])
            #expect(either == 2)
            let refused = await storeError { _ = try await items.find(["$expr": ["$nope": 1]]) }
            #expect(refused?.code == 168)
        }
    }
}

/// A command's `let` constants and collations on writes.
@Suite("Conformance: let and collation on writes")
struct ConformanceLetAndCollationTests {
    @Test("let constants reach $expr in find, updates, deletes and findOneAndUpdate", arguments: StoreKind.allCases)
    func letConstants(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertMany([["_id": 1, "x": 1], ["_id": 2, "x": 2], ["_id": 3, "x": 3]])
            let found = try await items.find(["$expr": ["$eq": ["$x", "$$wanted"]]], options: FindOptions(variables: ["wanted": 2]))
            #expect(ids(found) == [2])
            let updated = try await items.updateMany(["$expr": ["$gte": ["$x", "$$from"]]], ["$set": ["big": true]], options: UpdateOptions(variables: ["from": 2]))
            #expect(updated.modifiedCount == 2)
            let piped = try await items.updateOne(["_id": 1], ConformancePipelineTests.pipeline(["$set": ["y": "$$v"]]), options: UpdateOptions(variables: ["v": "seven"]))
            #expect(piped.modifiedCount == 1)
            #expect(try await items.findOne(["_id": 1]) == ["_id": 1, "x": 1, "y": "seven"])
            let after = try await items.findOneAndUpdate(
                ["$expr": ["$eq": ["$x", "$$which"]]], ["$inc": ["x": 10]], options: FindOneAndUpdateOptions(returnDocument: .after, variables: ["which": 3]))
            #expect(after == ["_id": 3, "x": 13, "big": true])
            let deleted = try await items.deleteMany(["$expr": ["$eq": ["$big", "$$flag"]]], options: DeleteOptions(variables: ["flag": true]))
            #expect(deleted == 2)
            let undefined = await storeError { _ = try await items.find(["$expr": ["$eq": ["$x", "$$nobody"]]]) }
            #expect(undefined?.code == 17276)
        }
    }

    @Test("a caseless collation on updates, replacements and deletes matches as it does on find; an upsert keeps the filter's own text", arguments: StoreKind.allCases)
    func writeCollation(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertMany([["_id": 1, "name": "Ann"], ["_id": 2, "name": "BOB"], ["_id": 3, "name": "bob"]])
            let caseless = UpdateOptions(collation: .caseInsensitive)
            let updated = try await items.updateMany(["name": "bob"], ["$set": ["seen": true]], options: caseless)
            #expect(updated.matchedCount == 2)
            let replaced = try await items.replaceOne(["name": "ANN"], ["name": "Anne"], options: caseless)
            #expect(replaced.modifiedCount == 1)
            let upserted = try await items.updateOne(["name": "Carl"], ["$set": ["new": true]], options: UpdateOptions(upsert: true, collation: .caseInsensitive))
            let created = try #require(try await items.findOne(["_id": upserted.upsertedId ?? .null]))
            #expect(created["name"] == "Carl")
            let deleted = try await items.deleteMany(["name": "BoB"], options: DeleteOptions(collation: .caseInsensitive))
            #expect(deleted == 2)
            #expect(try await items.countDocuments() == 2)
        }
    }
}
