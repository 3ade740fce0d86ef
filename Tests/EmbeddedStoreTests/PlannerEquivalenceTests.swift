import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Testing
import TestSupport

@Suite("Query planner: an index never changes what a query returns")
struct PlannerEquivalenceTests {
    /// Values of every type that bounds have to get right: numbers of all kinds (NaN, ±0,
    /// large int64), strings and symbols, dates, ObjectIds, booleans, null, documents.
    static let values: [BSONValue] = [
        .int32(5), .int64(5), .double(5), .double(5.5), .double(.nan), .double(-0.0), .int32(0), .int64(1 << 60),
        .double(-1e300), .string("a"), .string("b"), .string(""), .string("a\0"), .symbol("b"), .string("é"),
        .datetime(BSONDateTime(millisecondsSinceEpoch: 1_000)), .datetime(BSONDateTime(millisecondsSinceEpoch: -5)),
        .objectId(try! ObjectId("0123456789abcdef01234567")), .objectId(try! ObjectId("ffffffffffffffffffffffff")),
        .bool(true), .bool(false), .null, ["x": 1], ["x": 2],
    ]

    static let filters: [Document] = {
        var filters: [Document] = []
        let operands: [BSONValue] = [.int32(5), .double(5.2), .double(.nan), .int32(0), .string("a"), .string("b"), .symbol("b"),
                                     .datetime(BSONDateTime(millisecondsSinceEpoch: 0)), .objectId(try! ObjectId("0123456789abcdef01234567")),
                                     .bool(false), .null, ["x": 1]]
        for operand in operands {
            filters.append(["v": operand])
            for op in ["$gt", "$gte", "$lt", "$lte"] { filters.append(["v": .document([op: operand])]) }
            filters.append(["a": operand])
            filters.append(["a": ["$gt": operand]])
        }
        filters.append(["v": ["$in": [5, "a", .null, .bool(true)]]])
        filters.append(["v": ["$gte": "a", "$lt": "b"]])
        filters.append(["v": ["$gt": 0, "$lte": 5]])
        filters.append(["a": ["$gt": 2, "$lt": 1]])
        filters.append(["v": 5, "w": ["$gte": 3]])
        filters.append(["$and": [["v": ["$gte": "a"]], ["v": ["$lt": "b"]]]])
        return filters
    }()

    @Test("every filter and sort gives the same documents with indexes as without")
    func equivalence() async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("p.db").path)
            let plain = store.collection("plain")
            let indexed = store.collection("indexed")
            try await indexed.createIndex(IndexModel(keys: ["v": 1]))
            try await indexed.createIndex(IndexModel(keys: ["v": -1, "w": 1]))
            try await indexed.createIndex(IndexModel(keys: ["a": 1]))
            var documents: [Document] = []
            for (i, value) in Self.values.enumerated() {
                var document: Document = ["_id": .int32(Int32(i)), "v": value, "w": .int32(Int32(i % 7))]
                document["a"] = .array([Self.values[(i * 3) % Self.values.count], Self.values[(i * 5 + 1) % Self.values.count]])
                documents.append(document)
            }
            documents.append(["_id": 100, "w": 1])
            documents.append(["_id": 101, "v": .array([])])
            try await plain.insertMany(documents)
            try await indexed.insertMany(documents)
            var compared = 0
            for filter in Self.filters {
                for sort in [nil, ["v": 1], ["v": -1], ["_id": -1]] as [Document?] {
                    for limit in [nil, 3] as [Int?] {
                        let options = FindOptions(sort: sort ?? ["_id": 1], limit: limit)
                        let expected = try await plain.find(filter, options: options)
                        let found = try await indexed.find(filter, options: options)
                        #expect(found == expected, "filter \(filter.extendedJSON()), sort \(sort?.extendedJSON() ?? "none"), limit \(limit.map(String.init) ?? "none")")
                        compared += 1
                    }
                }
                #expect(try await indexed.countDocuments(filter) == (try await plain.countDocuments(filter)), "count \(filter.extendedJSON())")
                let unsorted = try await indexed.find(filter)
                #expect(unsorted == (try await plain.find(filter)), "natural order \(filter.extendedJSON())")
            }
            print("planner equivalence: \(compared) queries compared")
            try await store.close()
        }
    }
}
