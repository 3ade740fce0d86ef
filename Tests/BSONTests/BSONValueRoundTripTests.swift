import BSON
import CLibBSON
import Testing

@Suite("Round trips of every type")
struct BSONValueRoundTripTests {
    @Test("every type survives bytes and both Extended JSON modes", arguments: everyTypeDocument.fieldNames)
    func roundTrip(field: String) throws {
        // Given a one-field document of one type
        let document = Document([(field, try #require(everyTypeDocument[field]))])
        // When it goes through bytes and through canonical Extended JSON
        let fromBytes = try Document(bsonBytes: try document.bsonBytes())
        let fromCanonical = try Document(extendedJSON: document.extendedJSON(.canonical))
        // Then nothing is dropped or converted
        #expect(fromBytes == document)
        #expect(fromCanonical == document)
        // And relaxed JSON keeps the value (numbers may only change between int widths)
        let fromRelaxed = try Document(extendedJSON: document.extendedJSON(.relaxed))
        switch (fromRelaxed[field], document[field]) {
        case (.int32(let a), .int64(let b)): #expect(Int64(a) == b)
        default: #expect(fromRelaxed == document)
        }
    }

    @Test("our bytes equal libbson's for the same canonical Extended JSON")
    func agreesWithLibbson() throws {
        // Given a document of every type as canonical Extended JSON
        let json = everyTypeDocument.extendedJSON(.canonical)
        // When libbson parses that text
        var error = bson_error_t()
        let parsed = json.withCString { bson_new_from_json(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), -1, &error) }
        let handle = try #require(parsed, "libbson rejected \(json)")
        defer { bson_destroy(handle) }
        let theirs = Array(UnsafeBufferPointer(start: bson_get_data(handle), count: Int(bsonLength(handle))))
        // Then libbson wrote exactly our bytes
        #expect(theirs == (try everyTypeDocument.bsonBytes()))
    }

    @Test("relaxed output is mongoexport's")
    func relaxedForm() throws {
        let document: Document = [
            "_id": .objectId(try ObjectId("68070d287d53d6307d3cd634")),
            "n": 1, "big": .int64(1 << 40), "d": 2.0,
            "at": .datetime(BSONDateTime(millisecondsSinceEpoch: 1_745_292_584_650)),
            "midnight": .datetime(BSONDateTime(millisecondsSinceEpoch: 0)), "none": nil,
        ]
        #expect(document.extendedJSON(.relaxed) == #"{"_id":{"$oid":"68070d287d53d6307d3cd634"},"n":1,"big":1099511627776,"d":2.0,"at":{"$date":"2025-04-22T03:29:44.65Z"},"midnight":{"$date":"1970-01-01T00:00:00Z"},"none":null}"#)
        #expect(document.extendedJSON(.canonical).contains(#""n":{"$numberInt":"1"}"#))
    }
}

/// The length of a libbson document (`bson_t.len`, read through its data's header).
func bsonLength(_ handle: OpaquePointer) -> Int32 {
    Int32(littleEndian: UnsafeRawPointer(bson_get_data(handle)).loadUnaligned(as: Int32.self))
}
