import BSON
import Foundation
import Testing

@Suite("Extended JSON")
struct ExtendedJSONTests {
    @Test("the original service's samples import and export to the same text", arguments: ["audio.json", "conversations.json", "messages.json"])
    func samples(file: String) throws {
        // Given mongoexport's lines
        let text = try String(contentsOf: samplesFolder.appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(!lines.isEmpty)
        for line in lines {
            // When a line is imported to BSON bytes, read back and exported
            let document = try Document(extendedJSON: line)
            let restored = try Document(bsonBytes: try document.bsonBytes())
            // Then the text is identical, field order included
            #expect(restored.extendedJSON(.relaxed) == line)
        }
    }

    @Test("sample types are the original's: ObjectIds, dates, nulls")
    func sampleTypes() throws {
        let line = try String(contentsOf: samplesFolder.appendingPathComponent("messages.json"), encoding: .utf8)
        let document = try Document(extendedJSON: line.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(document["_id"]?.objectIdValue != nil)
        #expect(document["conversation_id"]?.objectIdValue != nil)
        #expect(document["timestamp"]?.datetimeValue?.millisecondsSinceEpoch == 1_745_292_584_652)
        #expect(document["audio_path"] == .null)
    }

    @Test("invalid text is a clear error", arguments: [
        "", "[]", "{", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":01}", "{\"a\":\"\\x\"}", "{\"a\":\"\u{1}\"}",
        "{\"a\":{\"$oid\":\"nothex\"}}", "{\"a\":{\"$date\":\"yesterday\"}}", "{\"a\":{\"$numberInt\":\"1.5\"}}",
        "{\"a\":{\"$numberLong\":\"99999999999999999999\"}}", "{\"a\":{\"$numberDouble\":\"0x10\"}}", "{\"a\":\"\\ud800\"}",
        "{\"a\":1} trailing",
    ])
    func invalid(text: String) {
        let error = #expect(throws: BSONError.self) { try Document(extendedJSON: text) }
        #expect(error?.kind == .invalidExtendedJSON || error?.kind == .invalidObjectId || error?.kind == .invalidValue)
        #expect(error?.message.isEmpty == false)
    }

    @Test("deep nesting is refused, not a stack overflow")
    func deepNesting() {
        let deep = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(throws: BSONError.self) { try Document(extendedJSON: deep) }
    }

    @Test("dates parse with offsets and any fraction length")
    func dates() throws {
        let forms = ["2025-04-22T03:29:44.652Z", "2025-04-22T03:29:44.652000Z", "2025-04-22T05:29:44.652+02:00", "2025-04-22T03:29:44.6529Z"]
        for form in forms {
            #expect(BSONDateTime(iso8601: form)?.millisecondsSinceEpoch == 1_745_292_584_652, "\(form)")
        }
        #expect(BSONDateTime(iso8601: "2025-02-30T00:00:00Z") == nil)
        #expect(BSONDateTime(millisecondsSinceEpoch: 253_402_300_799_999).iso8601 == "9999-12-31T23:59:59.999Z")
        #expect(BSONDateTime(millisecondsSinceEpoch: -1).utcComponents.year == 1969)
    }
}
