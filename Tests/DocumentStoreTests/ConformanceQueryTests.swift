import BSON
import DocumentStore
import Testing
import TestSupport

@Suite("Conformance: queries")
struct ConformanceQueryTests {
    /// Documents with mixed shapes for query tests.
    static let fixture: [Document] = [
        ["_id": 1, "name": "Ann", "age": 30, "tags": ["a", "b"], "address": ["city": "Hanoi", "zip": "100000"]],
        ["_id": 2, "name": "Bob", "age": .int64(25), "tags": ["b"], "address": ["city": "Hue"]],
        ["_id": 3, "name": "Cid", "age": .double(30.0), "tags": [], "scores": [["s": 5], ["s": 9]]],
        ["_id": 4, "name": "dan", "age": "thirty", "nickname": nil],
        ["_id": 5, "name": "Eve", "scores": [["s": 2], ["s": 3]], "items": [[1, 2], [3]]],
    ]

    private func query(_ kind: StoreKind, _ filter: Document, options: FindOptions = FindOptions()) async throws -> [Int64] {
        var result: [Int64] = []
        try await withStore(kind) { _, items in
            try await items.insertMany(Self.fixture)
            result = ids(try await items.find(filter, options: options))
        }
        return result
    }

    @Test("equality: dotted paths, array membership, numbers across types", arguments: StoreKind.allCases)
    func equality(kind: StoreKind) async throws {
        #expect(try await query(kind, ["address.city": "Hue"]) == [2])
        #expect(try await query(kind, ["tags": "b"]) == [1, 2])
        #expect(try await query(kind, ["tags": ["b"]]) == [2])
        #expect(try await query(kind, ["tags": []]) == [3])
        #expect(try await query(kind, ["age": 30]) == [1, 3])
        #expect(try await query(kind, ["age": .int64(25)]) == [2])
        #expect(try await query(kind, ["scores.s": 9]) == [3])
        #expect(try await query(kind, ["scores.1.s": 3]) == [5])
        #expect(try await query(kind, ["name": .regex(BSONRegex(pattern: "^[a-c]", options: "i"))]) == [1, 2, 3])
    }

    @Test("null matches missing and null; $exists tells them apart", arguments: StoreKind.allCases)
    func nulls(kind: StoreKind) async throws {
        #expect(try await query(kind, ["nickname": nil]) == [1, 2, 3, 4, 5])
        #expect(try await query(kind, ["nickname": ["$exists": true]]) == [4])
        #expect(try await query(kind, ["nickname": ["$exists": false]]) == [1, 2, 3, 5])
        #expect(try await query(kind, ["age": ["$ne": nil]]) == [1, 2, 3, 4])
        #expect(try await query(kind, ["address.zip": ["$exists": 1]]) == [1])
    }

    @Test("comparisons follow BSON order and bracket by type", arguments: StoreKind.allCases)
    func comparisons(kind: StoreKind) async throws {
        #expect(try await query(kind, ["age": ["$gt": 25]]) == [1, 3])
        #expect(try await query(kind, ["age": ["$gte": .double(25)]]) == [1, 2, 3])
        #expect(try await query(kind, ["age": ["$lt": 30]]) == [2])
        #expect(try await query(kind, ["age": ["$lte": 30, "$gt": 25]]) == [1, 3])
        #expect(try await query(kind, ["age": ["$gt": "a"]]) == [4])
        #expect(try await query(kind, ["scores.s": ["$gt": 4, "$lt": 6]]) == [3])
    }

    @Test("$in, $nin, $all, $size, $type", arguments: StoreKind.allCases)
    func setOperators(kind: StoreKind) async throws {
        #expect(try await query(kind, ["name": ["$in": ["Ann", "Eve", "nobody"]]]) == [1, 5])
        #expect(try await query(kind, ["tags": ["$in": ["a", .regex(BSONRegex(pattern: "^z"))]]]) == [1])
        #expect(try await query(kind, ["name": ["$nin": ["Ann", "Eve"]]]) == [2, 3, 4])
        #expect(try await query(kind, ["tags": ["$all": ["a", "b"]]]) == [1])
        #expect(try await query(kind, ["tags": ["$size": 1]]) == [2])
        #expect(try await query(kind, ["age": ["$type": "string"]]) == [4])
        #expect(try await query(kind, ["age": ["$type": "number"]]) == [1, 2, 3])
        #expect(try await query(kind, ["age": ["$type": 18]]) == [2])
        #expect(try await query(kind, ["tags": ["$type": "array"]]) == [1, 2, 3])
    }

    @Test("$mod: numbers of every type cut toward zero, array elements, C's sign; malformed operands are BadValue", arguments: StoreKind.allCases)
    func modulus(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given numbers of every type, negative ones, an array, a non-number and the extremes
            try await items.insertMany([
                ["_id": 1, "n": 9], ["_id": 2, "n": .int64(13)], ["_id": 3, "n": .double(5.7)], ["_id": 4, "n": -7],
                ["_id": 5, "n": [2, 21]], ["_id": 6, "n": "9"], ["_id": 7, "n": .int64(.min)], ["_id": 8, "n": .double(.nan)],
                ["_id": 9],
            ])
            func matching(_ operand: BSONValue) async throws -> [Int64] {
                ids(try await items.find(["n": ["$mod": operand]], options: FindOptions(sort: ["_id": 1])))
            }
            // Then the remainders are C's, fractions are cut, an array matches by its elements
            #expect(try await matching([4, 1]) == [1, 2, 3, 5])
            #expect(try await matching([4, -3]) == [4])
            #expect(try await matching([.double(4.9), .double(1.2)]) == [1, 2, 3, 5])
            #expect(try await matching([-1, 0]) == [1, 2, 3, 4, 5, 7])
            #expect(try await items.find(["n": ["$not": ["$mod": [2, 0]]]], options: FindOptions(sort: ["_id": 1])).map { $0["_id"] } == [1, 2, 3, 4, 6, 8, 9])
            // And malformed operands are refused before anything is read
            for operand: BSONValue in [4, [4], [4, 1, 0], [0, 1], ["4", 1], [4, "1"], [.double(.nan), 1], [.double(.infinity), 1], [.double(1e300), 1]] {
                let error = await storeError { _ = try await items.find(["n": ["$mod": operand]]) }
                #expect(error?.code == 2, "\(operand)")
            }
        }
    }

    @Test("$and, $or, $nor, $not, $regex with $options, $elemMatch", arguments: StoreKind.allCases)
    func logical(kind: StoreKind) async throws {
        #expect(try await query(kind, ["$or": [["name": "Ann"], ["age": .int64(25)]]]) == [1, 2])
        #expect(try await query(kind, ["$and": [["age": ["$gte": 25]], ["tags": "b"]]]) == [1, 2])
        #expect(try await query(kind, ["$nor": [["name": "Ann"], ["tags": ["$exists": false]]]]) == [2, 3])
        #expect(try await query(kind, ["age": ["$not": ["$gt": 25]]]) == [2, 4, 5])
        #expect(try await query(kind, ["name": ["$regex": "^D", "$options": "i"]]) == [4])
        #expect(try await query(kind, ["scores": ["$elemMatch": ["s": ["$gt": 4]]]]) == [3])
        #expect(try await query(kind, ["items": ["$elemMatch": ["$size": 1]]]) == [5])
    }

    @Test("malformed filters are BadValue errors", arguments: StoreKind.allCases)
    func malformed(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            let filters: [Document] = [["a": ["$bogus": 1]], ["$where": "1"], ["$or": []], ["a": ["$in": 1]], ["a": ["$size": "x"]],
                                       ["a": ["$type": "nope"]], ["a": ["$regex": "("]]]
            for filter in filters {
                let error = await storeError { _ = try await items.find(filter) }
                #expect(error?.code == 2, "\(filter.extendedJSON())")
            }
        }
    }

    @Test("sort in BSON type order, skip, limit and projection", arguments: StoreKind.allCases)
    func sortSkipLimitProject(kind: StoreKind) async throws {
        // Mixed types sort: missing/null < numbers < strings
        #expect(try await query(kind, [:], options: FindOptions(sort: ["age": 1, "_id": 1])) == [5, 2, 1, 3, 4])
        #expect(try await query(kind, [:], options: FindOptions(sort: ["age": -1, "_id": -1])) == [4, 3, 1, 2, 5])
        #expect(try await query(kind, [:], options: FindOptions(sort: ["name": 1], skip: 1, limit: 2)) == [2, 3])
        #expect(try await query(kind, [:], options: FindOptions(skip: 3)) == [4, 5])
        try await withStore(kind) { _, items in
            try await items.insertMany(Self.fixture)
            let projected = try await items.find(["_id": 1], options: FindOptions(projection: ["name": 1, "address.city": 1]))
            #expect(projected == [["_id": 1, "name": "Ann", "address": ["city": "Hanoi"]]])
            let excluded = try await items.find(["_id": 2], options: FindOptions(projection: ["_id": 0, "tags": 0, "address": 0]))
            #expect(excluded == [["name": "Bob", "age": .int64(25)]])
            let mixed = await storeError { _ = try await items.find([:], options: FindOptions(projection: ["a": 1, "b": 0])) }
            #expect(mixed?.code == 31254)
            let badSort = await storeError { _ = try await items.find([:], options: FindOptions(sort: ["a": 2])) }
            #expect(badSort?.code == 2)
        }
    }

    @Test("countDocuments and distinct", arguments: StoreKind.allCases)
    func countAndDistinct(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            try await items.insertMany(Self.fixture)
            #expect(try await items.countDocuments() == 5)
            #expect(try await items.countDocuments(["tags": "b"]) == 2)
            #expect(try await items.distinct("tags") == ["a", "b"])
            #expect(try await items.distinct("age", filter: ["age": ["$type": "number"]]) == [30, .int64(25)])
            #expect(try await items.distinct("address.city") == ["Hanoi", "Hue"])
        }
    }

    @Test("a regex whose backtracking explodes is stopped with an error, fast; a too-long pattern is refused", arguments: StoreKind.allCases)
    func catastrophicRegex(kind: StoreKind) async throws {
        try await withStore(kind) { _, items in
            // Given a value that makes (a+)+$ backtrack 2^30 times
            try await items.insertOne(["_id": 1, "s": .string(String(repeating: "a", count: 30) + "b")])
            // When it is searched, then the query fails within a second or so, saying why
            let clock = ContinuousClock()
            let start = clock.now
            let error = await storeError { _ = try await items.find(["s": ["$regex": "(a+)+$"]]) }
            #expect(error?.code == 2 && error?.message.contains("was stopped") == true, "\(String(describing: error))")
            #expect(start.duration(to: clock.now) < .seconds(5))
            // And ordinary patterns still match
            #expect(try await items.countDocuments(["s": ["$regex": "^a+b$"]]) == 1)
            // And a pattern past 32,764 bytes is refused
            let long = await storeError { _ = try await items.find(["s": ["$regex": .string(String(repeating: "a", count: 40_000))]]) }
            #expect(long?.code == 2)
        }
    }
}
