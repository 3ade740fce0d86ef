import BSON
import CLibBSON
import Foundation
import Testing

@Suite("ObjectId")
struct ObjectIdTests {
    @Test("generated ids are unique, ordered and carry the creation time")
    func generation() {
        // When many ids are generated
        let ids = (0..<10_000).map { _ in ObjectId() }
        // Then none repeats, they ascend, and the time is now
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        let age = Date().timeIntervalSince((ids.first ?? ObjectId()).creationDate)
        #expect(age >= 0 && age < 5)
    }

    @Test("parses 24 hex digits and formats lowercase, as libbson does")
    func parseAndFormat() throws {
        let id = try ObjectId("68070D287d53d6307d3cd634")
        #expect(id.hex == "68070d287d53d6307d3cd634")
        #expect(id.bytes.count == 12)
        #expect(try ObjectId(id.hex) == id)
        #expect(id.creationDate == Date(timeIntervalSince1970: 0x6807_0d28))
        // libbson agrees on the text of the same bytes
        var raw = bson_oid_t()
        "68070d287d53d6307d3cd634".withCString { bson_oid_init_from_string(&raw, $0) }
        let libbsonBytes = withUnsafeBytes(of: raw.bytes) { Array($0) }
        #expect(libbsonBytes == id.bytes)
    }

    @Test("malformed ids are a clear error", arguments: ["", "123", "68070d287d53d6307d3cd63", "68070d287d53d6307d3cd6345", "zz070d287d53d6307d3cd634", "68070d287d53d6307d3cd63 "])
    func malformed(text: String) {
        #expect(!ObjectId.isValid(text))
        let error = #expect(throws: BSONError.self) { try ObjectId(text) }
        #expect(error?.kind == .invalidObjectId)
        #expect(error?.message == "'\(text)' is not a valid ObjectId, it must be a 12-byte input or a 24-character hex string")
    }
}
