import BSON
import DocumentStore
import Testing
import TestSupport

@Suite("Stored-bytes matcher: the same answer as the document matcher")
struct StoredBytesMatcherUnitTests {
    /// Random filters and documents from a seeded generator, so a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var seeded: SeededGenerator
        init(state: UInt64) { seeded = SeededGenerator(seed: state) }
        mutating func next() -> UInt64 { seeded.next() }

        mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &self)] }

        /// Values that sit on the edges of type bracketing and array matching.
        mutating func value(depth: Int = 0) -> BSONValue {
            let scalars: [BSONValue] = [
                .int32(5), .int64(5), .double(5), .double(5.5), .double(.nan), .int32(0), .double(-0.0), .int64(1 << 60),
                .string("a"), .string("b"), .string(""), .symbol("a"), .null, .undefined, .bool(true), .bool(false),
                .minKey, .maxKey, .datetime(BSONDateTime(millisecondsSinceEpoch: 5)), .regex(BSONRegex(pattern: "^a", options: "")),
                .decimal128((try? Decimal128("5")) ?? Decimal128(low: 0, high: 0)),
            ]
            guard depth < 2 else { return pick(scalars) }
            switch Int.random(in: 0..<10, using: &self) {
            case 0: return .array((0..<Int.random(in: 0...3, using: &self)).map { _ in value(depth: depth + 1) })
            case 1: return .document(["x": value(depth: depth + 1)])
            default: return pick(scalars)
            }
        }

        /// A document over the fields a, b and c, some missing, sometimes one twice.
        mutating func document() -> Document {
            var fields: [(String, BSONValue)] = [("_id", .int32(1))]
            for name in ["a", "b", "c"] where Bool.random(using: &self) { fields.append((name, value())) }
            if Int.random(in: 0..<10, using: &self) == 0 { fields.append(("a", value())) }
            return Document(fields)
        }

        /// A predicate document on one field.
        mutating func predicate() -> BSONValue {
            let operand = value(depth: 1)
            switch Int.random(in: 0..<14, using: &self) {
            case 0: return operand
            case 1: return ["$eq": operand]
            case 2: return ["$ne": operand]
            case 3: return .document([pick(["$gt", "$gte", "$lt", "$lte"]): operand])
            case 4: return ["$in": .array([operand, value(depth: 2)])]
            case 5: return ["$nin": .array([operand, value(depth: 2)])]
            case 6: return ["$exists": .bool(Bool.random(using: &self))]
            case 7: return ["$type": pick(["number", "string", "array", "null", "bool"])]
            case 8: return ["$size": .int32(Int32.random(in: 0...2, using: &self))]
            case 9: return ["$all": .array([operand])]
            case 10: return ["$elemMatch": ["$gte": operand]]
            case 11: return ["$not": ["$gt": operand]]
            case 12: return ["$regex": "^a"]
            default: return ["$gte": operand, "$lte": value(depth: 2)]
            }
        }

        /// A filter over top-level fields, possibly with `$and`, `$or` and `$nor`.
        mutating func filter(depth: Int = 0) -> Document {
            if depth < 2, Int.random(in: 0..<4, using: &self) == 0 {
                let children = (0..<Int.random(in: 1...3, using: &self)).map { _ in BSONValue.document(filter(depth: depth + 1)) }
                return [pick(["$and", "$or", "$nor"]): .array(children)]
            }
            var fields: [(String, BSONValue)] = []
            for name in ["a", "b", "c"] where Int.random(in: 0..<3, using: &self) == 0 { fields.append((name, predicate())) }
            if fields.isEmpty { fields.append(("a", predicate())) }
            return Document(fields)
        }
    }

    @Test("20,000 random filters and documents: the stored bytes match exactly when the document does")
    func randomEquivalence() throws {
        // Given random filters over top-level fields and random documents
        var generator = Generator(state: 20_261_201)
        var compared = 0
        var matched = 0
        for _ in 0..<4_000 {
            let filterDocument = generator.filter()
            guard let query = try? QueryFilter(filterDocument) else { continue }
            guard var matcher = query.storedBytesMatcher() else {
                Issue.record("no stored-bytes matcher for a filter over top-level fields: \(filterDocument)")
                continue
            }
            for _ in 0..<5 {
                let document = generator.document()
                let bytes = try document.bsonBytes()
                // When both matchers test it
                let expected = try query.matches(document)
                let actual = try bytes.withUnsafeBytes { try matcher.matches($0) }
                // Then they agree
                #expect(actual == expected, "filter \(filterDocument) on \(document)")
                compared += 1
                if expected { matched += 1 }
            }
        }
        #expect(compared > 15_000)
        #expect(matched > 1_000 && matched < compared - 1_000, "the random cases should both match and not match")
    }

    @Test("a filter on a dotted path has no stored-bytes matcher (the whole document is needed)")
    func dottedPathsAreLeftToTheDocumentMatcher() throws {
        #expect(try QueryFilter(["a.b": 1]).storedBytesMatcher() == nil)
        #expect(try QueryFilter(["$or": [["a": 1], ["b.c": ["$gt": 2]]]]).storedBytesMatcher() == nil)
        #expect(try QueryFilter(["a": 1, "b": ["$gt": 2]]).storedBytesMatcher() != nil)
    }

    @Test("the first of two fields of one name is the one tested, as Document's subscript reads it")
    func firstOfDuplicateFields() throws {
        // Given a document holding "a" twice
        let document = Document([("a", .int32(1)), ("a", .int32(2))])
        let bytes = try document.bsonBytes()
        for (filter, expected) in [(["a": 1] as Document, true), (["a": 2], false)] {
            var matcher = try #require(try QueryFilter(filter).storedBytesMatcher())
            // Then only the first value counts, for both matchers
            #expect(try bytes.withUnsafeBytes { try matcher.matches($0) } == expected)
            #expect(try QueryFilter(filter).matches(document) == expected)
        }
    }

    @Test("bytes cut short are refused as corrupt, never read past their end")
    func truncatedBytes() throws {
        let bytes = try (["a": "hello", "b": 5] as Document).bsonBytes()
        var matcher = try #require(try QueryFilter(["b": 5]).storedBytesMatcher())
        for length in [0, 3, 5, 9, bytes.count - 3] {
            let cut = Array(bytes[0..<length])
            #expect(throws: BSONError.self) { try cut.withUnsafeBytes { try matcher.matches($0) } }
        }
    }
}
