import BSON
import Testing

@Suite("Document")
struct DocumentTests {
    @Test("keeps field order and reads by key")
    func orderAndKeys() {
        // Given a document built from Swift values
        var document: Document = ["b": 1, "a": "x", "c": [1, 2]]
        // When a field is replaced, one added and one removed
        document["a"] = "y"
        document["d"] = true
        document["b"] = nil
        // Then order is kept and values read back
        #expect(document.fieldNames == ["a", "c", "d"])
        #expect(document["a"] == "y")
        #expect(document["d"] == .bool(true))
        #expect(document["missing"] == nil)
        #expect(document.count == 3)
        #expect(document.map(\.key) == ["a", "c", "d"])
    }

    @Test("writing with a nesting limit counts non-empty documents and arrays as levels")
    func nestingLimit() throws {
        // Given documents nested to known depths
        func nested(_ levels: Int, innermost: BSONValue = 1) -> Document {
            var value = innermost
            for _ in 1..<levels { value = .document(["d": value]) }
            return ["d": value]
        }
        let inArrays: Document = ["a": [[["x": 1]]]]  // the document, two arrays, an inner document: 4
        let inScope: Document = ["c": .javascriptWithScope(BSONCodeWithScope(code: "f", scope: ["s": ["t": 1]]))]
        // Then a document at the limit is written exactly as without one, and one past it is refused
        #expect(try nested(3).bsonBytes(maximumNesting: 3) == nested(3).bsonBytes())
        #expect(throws: BSONError.self) { try nested(4).bsonBytes(maximumNesting: 3) }
        // and empty documents and arrays add no level
        #expect(try nested(3, innermost: .document([:])).bsonBytes(maximumNesting: 3).count > 0)
        #expect(try nested(3, innermost: .array([])).bsonBytes(maximumNesting: 3).count > 0)
        // and arrays and a code's scope count as levels
        #expect(try inArrays.bsonBytes(maximumNesting: 4) == inArrays.bsonBytes())
        #expect(throws: BSONError.self) { try inArrays.bsonBytes(maximumNesting: 3) }
        #expect(try inScope.bsonBytes(maximumNesting: 3) == inScope.bsonBytes())
        #expect(throws: BSONError.self) { try inScope.bsonBytes(maximumNesting: 2) }
        // and the refusal says what it is
        do {
            _ = try nested(101).bsonBytes(maximumNesting: 100)
            Issue.record("101 levels were written under a limit of 100")
        } catch let error as BSONError {
            #expect(error.kind == .tooDeep)
        }
        // and room asked for in front is zeros, then the same bytes
        let roomy = try inArrays.bsonBytes(maximumNesting: 4, leadingZeros: 4)
        #expect(roomy.prefix(4) == [0, 0, 0, 0])
        #expect(try Array(roomy.dropFirst(4)) == inArrays.bsonBytes())
    }

    @Test("dotted paths reach into documents and arrays")
    func dottedPaths() {
        // Given nested documents and arrays
        let document: Document = ["user": ["address": ["city": "Hanoi"]], "messages": [["content": "hi"], ["content": "bye"]]]
        // Then dotted paths resolve, and wrong steps give nil
        #expect(document[path: "user.address.city"] == "Hanoi")
        #expect(document[path: "messages.1.content"] == "bye")
        #expect(document[path: "messages.2.content"] == nil)
        #expect(document[path: "messages.-1.content"] == nil)
        #expect(document[path: "user.address.city.more"] == nil)
        #expect(document[path: "user"] == ["address": ["city": "Hanoi"]])
    }

    @Test("equality is exact: types and order matter")
    func equality() {
        let a: Document = ["x": .int32(1), "y": 2]
        #expect(a == ["x": .int32(1), "y": 2])
        #expect(a != ["y": 2, "x": .int32(1)])
        #expect(a != ["x": .int64(1), "y": 2])
        #expect(Document([("n", BSONValue.double(.nan))]) == Document([("n", BSONValue.double(.nan))]))
        #expect(Document([("z", BSONValue.double(0.0))]) != Document([("z", BSONValue.double(-0.0))]))
        #expect(Set([a, a]).count == 1)
    }

    @Test("duplicate keys read from bytes are kept so bytes round-trip")
    func duplicateKeys() throws {
        // Given a document with a repeated key
        var document = Document()
        document.append("k", 1)
        document.append("k", 2)
        // When written and read back
        let bytes = try document.bsonBytes()
        let read = try Document(bsonBytes: bytes)
        // Then both fields survive and the subscript sees the first
        #expect(read.count == 2)
        #expect(read["k"] == 1)
        #expect(try read.bsonBytes() == bytes)
    }

    @Test("keys are found by their bytes: canonically equal spellings and same-length keys stay apart")
    func keysByBytes() {
        // Given keys Swift's == calls equal (é precomposed and decomposed) and keys of one length
        var document = Document()
        document.append("e\u{301}", 1)
        document.append("é", 2)
        document.append("ab", 3)
        document.append("ba", 4)
        // Then each is found by its own bytes, and an absent key is not found
        #expect(document["é"] == 2 && document["e\u{301}"] == 1)
        #expect(document["ba"] == 4 && document.index(forKey: "ab") == 2)
        #expect(document["aa"] == nil && document.index(forKey: "") == nil)
    }

    @Test("a NUL in a key cannot be encoded")
    func nulInKey() {
        let document: Document = ["a\u{0}b": 1]
        #expect(throws: BSONError.self) { try document.bsonBytes() }
        let regex: Document = ["r": .regex(BSONRegex(pattern: "a\u{0}", options: ""))]
        #expect(throws: BSONError.self) { try regex.bsonBytes() }
    }
}
