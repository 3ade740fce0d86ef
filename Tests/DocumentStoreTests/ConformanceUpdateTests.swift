import BSON
import DocumentStore
import Testing
import TestSupport

@Suite("Conformance: updates")
struct ConformanceUpdateTests {
    /// Applies one update to `start` (stored as `_id: 1`) and returns the stored result.
    private func updated(_ kind: StoreKind, _ start: Document, _ update: Document) async throws -> Document? {
        var result: Document?
        try await withStore(kind) { _, items in
            var document = start
            document.insert("_id", 1, at: 0)
            try await items.insertOne(document)
            try await items.updateOne(["_id": 1], update)
            result = try await items.findOne(["_id": 1])
        }
        return result
    }

    private func updateError(_ kind: StoreKind, _ start: Document, _ update: Document) async throws -> StoreError? {
        var result: StoreError?
        try await withStore(kind) { _, items in
            var document = start
            document.insert("_id", 1, at: 0)
            try await items.insertOne(document)
            result = await storeError { try await items.updateOne(["_id": 1], update) }
            // Nothing changed
            #expect(try await items.findOne(["_id": 1]) == document)
        }
        return result
    }

    @Test("$set creates paths, $unset removes them", arguments: StoreKind.allCases)
    func setUnset(kind: StoreKind) async throws {
        #expect(try await updated(kind, ["a": 1], ["$set": ["b.c.d": 2, "a": "x"]]) == ["_id": 1, "a": "x", "b": ["c": ["d": 2]]])
        #expect(try await updated(kind, ["arr": [1, 2]], ["$set": ["arr.3": 9]]) == ["_id": 1, "arr": [1, 2, nil, 9]])
        #expect(try await updated(kind, ["a": 1, "b": ["c": 2, "d": 3]], ["$unset": ["a": "", "b.c": 1, "zzz": 1]]) == ["_id": 1, "b": ["d": 3]])
    }

    @Test("$inc and $mul keep MongoDB's number types", arguments: StoreKind.allCases)
    func arithmetic(kind: StoreKind) async throws {
        #expect(try await updated(kind, ["n": 1], ["$inc": ["n": 2, "m": 5]]) == ["_id": 1, "n": 3, "m": 5])
        #expect(try await updated(kind, ["n": .int32(.max)], ["$inc": ["n": 1]]) == ["_id": 1, "n": .int64(Int64(Int32.max) + 1)])
        #expect(try await updated(kind, ["n": 2], ["$inc": ["n": 0.5]]) == ["_id": 1, "n": 2.5])
        #expect(try await updated(kind, ["n": 3], ["$mul": ["n": 4, "z": 2]]) == ["_id": 1, "n": 12, "z": 0])
    }

    @Test("$min, $max, $rename, $currentDate", arguments: StoreKind.allCases)
    func minMaxRenameDate(kind: StoreKind) async throws {
        #expect(try await updated(kind, ["lo": 5, "hi": 5], ["$min": ["lo": 3], "$max": ["hi": 3]]) == ["_id": 1, "lo": 3, "hi": 5])
        #expect(try await updated(kind, ["a": 1, "b": 2], ["$rename": ["a": "c.d"]]) == ["_id": 1, "b": 2, "c": ["d": 1]])
        let dated = try #require(try await updated(kind, [:], ["$currentDate": ["at": true, "ts": ["$type": "timestamp"]]]))
        #expect(dated["at"]?.datetimeValue != nil)
        if case .timestamp = dated["ts"] {} else { Issue.record("$currentDate timestamp missing") }
    }

    @Test("array operators: $push with modifiers, $addToSet, $pull, $pop", arguments: StoreKind.allCases)
    func arrays(kind: StoreKind) async throws {
        #expect(try await updated(kind, ["a": [1]], ["$push": ["a": 2]]) == ["_id": 1, "a": [1, 2]])
        #expect(try await updated(kind, [:], ["$push": ["a": ["$each": [3, 1, 2], "$sort": 1, "$slice": 2]]]) == ["_id": 1, "a": [1, 2]])
        #expect(try await updated(kind, ["a": [1, 4]], ["$push": ["a": ["$each": [2, 3], "$position": 1]]]) == ["_id": 1, "a": [1, 2, 3, 4]])
        #expect(try await updated(kind, ["a": [1, 2]], ["$push": ["a": ["$each": [3], "$slice": -2]]]) == ["_id": 1, "a": [2, 3]])
        #expect(try await updated(kind, ["a": [1, 2]], ["$addToSet": ["a": ["$each": [2, .double(1), 3]]]]) == ["_id": 1, "a": [1, 2, 3]])
        #expect(try await updated(kind, ["a": [1, 5, 7, 2]], ["$pull": ["a": ["$gte": 5]]]) == ["_id": 1, "a": [1, 2]])
        #expect(try await updated(kind, ["a": [["s": 1], ["s": 9]]], ["$pull": ["a": ["s": ["$lt": 5]]]]) == ["_id": 1, "a": [["s": 9]]])
        #expect(try await updated(kind, ["a": [1, 2, 3]], ["$pop": ["a": -1]]) == ["_id": 1, "a": [2, 3]])
        #expect(try await updated(kind, ["a": [1, 2, 3]], ["$pop": ["a": 1]]) == ["_id": 1, "a": [1, 2]])
    }

    @Test("errors carry MongoDB's codes and wording, and change nothing", arguments: StoreKind.allCases)
    func errors(kind: StoreKind) async throws {
        let inc = try await updateError(kind, ["s": "text"], ["$inc": ["s": 1]])
        #expect(inc?.code == 14)
        #expect(inc?.message == "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 's' of non-numeric type string")
        let conflict = try await updateError(kind, [:], ["$set": ["a.b": 1], "$unset": ["a": 1]])
        #expect(conflict?.code == 40)
        #expect(conflict?.message == "Updating the path 'a.b' would create a conflict at 'a'")
        let immutable = try await updateError(kind, [:], ["$set": ["_id": 2]])
        #expect(immutable?.code == 66)
        #expect(immutable?.message == "Performing an update on the path '_id' would modify the immutable field '_id'")
        let unknown = try await updateError(kind, [:], ["$frobnicate": ["a": 1]])
        #expect(unknown?.code == 9)
        let push = try await updateError(kind, ["a": "x"], ["$push": ["a": 1]])
        #expect(push?.code == 2)
        #expect(push?.message == "The field 'a' must be an array but is of type string in document {_id: 1}")
        let notViable = try await updateError(kind, ["a": 5], ["$set": ["a.b": 1]])
        #expect(notViable?.code == 28)
        let replacement = try await updateError(kind, [:], ["a": 1])
        #expect(replacement?.code == 9)
        let incString = try await updateError(kind, [:], ["$inc": ["a": "x"]])
        #expect(incString?.code == 14)
    }

    @Test("upsert seeds from the filter's equalities and applies $setOnInsert", arguments: StoreKind.allCases)
    func upsert(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            let result = try await items.updateOne(
                ["email": "a@b.c", "profile.lang": "en", "age": ["$gt": 3]],
                ["$set": ["name": "Ann"], "$setOnInsert": ["created": true]], upsert: true)
            #expect(result.matchedCount == 0 && result.upsertedId?.objectIdValue != nil)
            let stored = try #require(try await items.findOne(["email": "a@b.c"]))
            #expect(stored["profile"] == ["lang": "en"])
            #expect(stored["created"] == true && stored["name"] == "Ann" && stored["age"] == nil)
            // A second upsert matches and leaves $setOnInsert fields alone
            let again = try await items.updateOne(["email": "a@b.c"], ["$set": ["name": "Bo"], "$setOnInsert": ["created": false]], upsert: true)
            #expect(again == UpdateResult(matchedCount: 1, modifiedCount: 1))
            #expect(try await items.findOne(["email": "a@b.c"])?["created"] == true)
        }
    }

    @Test("updateMany counts matches and modifications; a no-op is not a modification", arguments: StoreKind.allCases)
    func updateMany(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertMany([["_id": 1, "g": 1, "v": 0], ["_id": 2, "g": 1, "v": 5], ["_id": 3, "g": 2, "v": 0]])
            let result = try await items.updateMany(["g": 1], ["$set": ["v": 5]])
            #expect(result == UpdateResult(matchedCount: 2, modifiedCount: 1))
            #expect(try await items.countDocuments(["v": 5]) == 2)
        }
    }

    @Test("$set into an array pads with nulls, but never by more than 1,500,000 (MongoDB's bound)", arguments: StoreKind.allCases)
    func padding(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertOne(["_id": 1, "a": [1]])
            // A near index pads
            try await items.updateOne(["_id": 1], ["$set": ["a.3": 4]])
            #expect(try await items.findOne(["_id": 1])?["a"] == [1, .null, .null, 4])
            // A far one is refused at once (it would be a gigabyte of nulls) and changes nothing
            for index in ["100000000", "1500004", "9223372036854775807"] {
                var set = Document()
                set.append("a.\(index)", 1)
                let update: Document = ["$set": .document(set)]
                let error = await storeError { try await items.updateOne(["_id": 1], update) }
                #expect(error?.code == 2 && error?.message.contains("can't backfill") == true, "\(index)")
            }
            #expect(try await items.findOne(["_id": 1])?["a"] == [1, .null, .null, 4])
        }
    }
}
