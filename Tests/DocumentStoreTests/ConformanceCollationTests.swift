import BSON
import DocumentStore
import Testing
import TestSupport

@Suite("Conformance: collation")
struct ConformanceCollationTests {
    static let caseless = Collation(locale: "en", strength: 2)

    @Test("a unique index with a case-insensitive collation refuses case variants; finds with it match any case", arguments: StoreKind.allCases)
    func caseInsensitive(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given addresses stored as typed, under a unique index and a case-insensitive unique index on the same field
            try await items.createIndex(IndexModel(keys: ["email": 1], unique: true))
            try await items.createIndex(IndexModel(keys: ["email": 1], name: "email_ci", unique: true, collation: Self.caseless))
            try await items.insertMany([["_id": 1, "email": "Ann.Lee@example.com"], ["_id": 2, "email": "sam.ross@example.com"]])
            // When a variant differing only in case (or spelled with ſ or ﬆ) is inserted, then it is refused
            for variant in ["ann.lee@EXAMPLE.com", "ſam.roſs@example.com", "SAM.ROSS@EXAMPLE.COM"] {
                let error = await storeError { try await items.insertOne(["email": .string(variant)]) }
                #expect(error?.code == 11000, "\(variant)")
            }
            // And finds with the collation match any case; without it, only the bytes
            let caseless = FindOptions(collation: Self.caseless)
            #expect(ids(try await items.find(["email": "ANN.LEE@EXAMPLE.COM"], options: caseless)) == [1])
            #expect(ids(try await items.find(["email": ["$in": ["x@y.z", "Sam.Ross@Example.com"]]], options: caseless)) == [2])
            #expect(ids(try await items.find(["email": "ANN.LEE@EXAMPLE.COM"])) == [])
            // And the index lists its collation
            let listed = try await items.listIndexes().first { $0.name == "email_ci" }
            #expect(listed?.collation?.strength == 2)
        }
    }

    @Test("sorts and ranges follow the collation; strength 1 also ignores accents; simple is bytes", arguments: StoreKind.allCases)
    func ordering(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertMany([["_id": 1, "w": "b"], ["_id": 2, "w": "B"], ["_id": 3, "w": "a"], ["_id": 4, "w": "é"], ["_id": 5, "w": "E"]])
            // Sorted case-insensitively, equal keys keep their order; by bytes, capitals first
            let sorted = try await items.find([:], options: FindOptions(sort: ["w": 1, "_id": 1], collation: Self.caseless))
            #expect(ids(sorted) == [3, 1, 2, 5, 4])
            #expect(ids(try await items.find([:], options: FindOptions(sort: ["w": 1]))) == [2, 5, 3, 1, 4])
            // A range compares case-insensitively
            #expect(ids(try await items.find(["w": ["$lt": "B"]], options: FindOptions(sort: ["_id": 1], collation: Self.caseless))) == [3])
            // Strength 1 ignores accents too
            let base = FindOptions(sort: ["_id": 1], collation: Collation(locale: "fr", strength: 1))
            #expect(ids(try await items.find(["w": "e"], options: base)) == [4, 5])
            // The simple locale compares bytes
            #expect(try Collation(["locale": "simple"]) == nil)
        }
    }
}
