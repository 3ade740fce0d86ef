import BSON
import Foundation
import Testing

/// A model shaped like the original service's `messages` document.
private struct StoredMessage: Codable, Equatable {
    var id: ObjectId
    var conversationId: ObjectId
    var sender: String
    var content: String
    var audioPath: String?
    var transcription: String?
    var feedbackId: ObjectId?
    var timestamp: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id", conversationId = "conversation_id", sender, content, audioPath = "audio_path"
        case transcription, feedbackId = "feedback_id", timestamp
    }
}

private struct Numbers: Codable, Equatable {
    var int: Int
    var big: Int
    var int64: Int64
    var int8: Int8
    var uint32: UInt32
    var double: Double
    var float: Float
    var flags: [Bool]
    var nested: [String: [Int]]
    var data: Data
    var uuid: UUID
    var decimal: Decimal128
    var anything: BSONValue
}

@Suite("Codable bridge")
struct CodableTests {
    @Test("a model encodes to the original service's document shape and back")
    func messageShape() throws {
        // Given the sample message document from the original service
        let line = try String(contentsOf: samplesFolder.appendingPathComponent("messages.json"), encoding: .utf8)
        let stored = try Document(extendedJSON: line.trimmingCharacters(in: .whitespacesAndNewlines))
        // When decoded to a model and encoded again
        let message = try BSONDecoder().decode(StoredMessage.self, from: stored)
        let encoded = try BSONEncoder().encode(message)
        // Then the document is identical: field order, ObjectIds, explicit nulls, the date
        #expect(message.sender == "ai")
        #expect(message.audioPath == nil)
        #expect(encoded == stored)
    }

    @Test("dates keep millisecond precision, rounded down")
    func datePrecision() throws {
        let date = Date(timeIntervalSince1970: 1_745_292_584.652_9)
        let value = try BSONEncoder().encodeValue(date)
        #expect(value == .datetime(BSONDateTime(millisecondsSinceEpoch: 1_745_292_584_652)))
        let back = try BSONDecoder().decode(Date.self, fromValue: value)
        #expect(abs(back.timeIntervalSince1970 - 1_745_292_584.652) < 0.000_001)
    }

    @Test("numbers use int32 when they fit, and every type round-trips")
    func numbers() throws {
        // Given values of many Swift types
        let numbers = Numbers(
            int: 42, big: 1 << 40, int64: 7, int8: -8, uint32: 4_000_000_000, double: 0.5, float: 1.25,
            flags: [true, false], nested: ["a": [1, 2]], data: Data([1, 2, 3]), uuid: UUID(),
            decimal: try Decimal128("3.14"), anything: .regex(BSONRegex(pattern: "x", options: "i")))
        // When encoded
        let document = try BSONEncoder().encode(numbers)
        // Then the BSON types are the expected ones
        #expect(document["int"] == .int32(42))
        #expect(document["big"] == .int64(1 << 40))
        #expect(document["int64"] == .int64(7))
        #expect(document["uint32"] == .int64(4_000_000_000))
        #expect(document["data"] == .binary(BSONBinary(subtype: 0, data: [1, 2, 3])))
        #expect(document[path: "nested.a.1"] == .int32(2))
        // And decoding gives the same values
        #expect(try BSONDecoder().decode(Numbers.self, from: document) == numbers)
    }

    @Test("nil strategy: explicit null by default, omitted on request")
    func nilStrategy() throws {
        struct Optionals: Codable { var a: Int?; var b: String? }
        #expect(try BSONEncoder().encode(Optionals(a: nil, b: "x")) == ["a": nil, "b": "x"])
        var omitting = BSONEncoder()
        omitting.nilEncodingStrategy = .omit
        #expect(try omitting.encode(Optionals(a: nil, b: "x")) == ["b": "x"])
        // Missing and null both decode to nil
        let decoded = try BSONDecoder().decode(Optionals.self, from: ["a": nil])
        #expect(decoded.a == nil && decoded.b == nil)
    }

    @Test("type mismatches name the coding path")
    func mismatch() {
        let document: Document = ["_id": "not-an-oid", "conversation_id": .objectId(ObjectId()), "sender": "ai",
                                  "content": "x", "timestamp": .datetime(.now)]
        #expect {
            try BSONDecoder().decode(StoredMessage.self, from: document)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["_id"]
        }
        #expect(throws: DecodingError.self) { try BSONDecoder().decode(Int8.self, fromValue: .int32(300)) }
        #expect(throws: DecodingError.self) { try BSONDecoder().decode(Int.self, fromValue: .double(1.5)) }
        #expect(throws: DecodingError.self) { try BSONDecoder().decode(String.self, fromValue: .null) }
        #expect(throws: EncodingError.self) { try BSONEncoder().encode(UInt64.max) }
    }
}
