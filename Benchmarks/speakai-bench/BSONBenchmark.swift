import BSON
import CLibBSON
import Foundation

/// A message as the original service stores it (CONTRACT B§4), used by both codecs.
struct BenchMessage: Codable {
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

/// `speakai-bench bson`: encode, decode and Extended JSON of a typical message document, against
/// Foundation's JSONEncoder/JSONDecoder and libbson on the same data in the same run.
enum BSONBenchmark {
    static func run(seconds: Double) throws {
        let message = BenchMessage(
            id: ObjectId(), conversationId: ObjectId(), sender: "user",
            content: "I goes to the market yesterday and buyed three apple for my sister.",
            audioPath: "uploads/6804f65f90944fc2d1e28529/20250422_033034_record_out.wav",
            transcription: "I goes to the market yesterday and buyed three apple for my sister.",
            feedbackId: nil, timestamp: Date())
        let document = try BSONEncoder().encode(message)
        let bytes = try document.bsonBytes()
        let relaxed = document.extendedJSON(.relaxed)
        let jsonEncoder = JSONEncoder()
        let json = try jsonEncoder.encode(message)
        let jsonDecoder = JSONDecoder()
        print("BSON benchmark: one message document, \(bytes.count) BSON bytes, \(json.count) JSON bytes, \(relaxed.utf8.count) relaxed Extended JSON bytes")
        print("  (each figure: \(seconds) s after warm-up, single thread, release build)")

        let jsonEncode = opsPerSecond(seconds: seconds) { (try? jsonEncoder.encode(message))?.count ?? 0 }
        let jsonDecode = opsPerSecond(seconds: seconds) { (try? jsonDecoder.decode(BenchMessage.self, from: json))?.sender.count ?? 0 }
        report("Foundation JSONEncoder (baseline)", jsonEncode)
        report("Foundation JSONDecoder (baseline)", jsonDecode)

        let encodeBytes = try opsPerSecond(seconds: seconds) { try document.bsonBytes().count }
        let decodeBytes = try opsPerSecond(seconds: seconds) { try Document(bsonBytes: bytes).count }
        let codableEncode = try opsPerSecond(seconds: seconds) { try BSONEncoder().encode(message).bsonBytes().count }
        let codableDecode = try opsPerSecond(seconds: seconds) {
            try BSONDecoder().decode(BenchMessage.self, from: try Document(bsonBytes: bytes)).sender.count
        }
        report("Document -> BSON bytes", encodeBytes, baseline: ("JSONEncoder", jsonEncode))
        report("BSON bytes -> Document (validated)", decodeBytes, baseline: ("JSONDecoder", jsonDecode))
        report("model -> BSONEncoder -> bytes", codableEncode, baseline: ("JSONEncoder", jsonEncode))
        report("bytes -> BSONDecoder -> model", codableDecode, baseline: ("JSONDecoder", jsonDecode))

        let libbsonOut = opsPerSecond(seconds: seconds) { libbsonRelaxedJSON(bytes) }
        let libbsonIn = opsPerSecond(seconds: seconds) { libbsonParse(relaxed) }
        let extOut = opsPerSecond(seconds: seconds) { document.extendedJSONBytes(.relaxed).count }
        let extIn = try opsPerSecond(seconds: seconds) { try Document(extendedJSON: relaxed).count }
        report("libbson bytes -> relaxed ExtJSON (baseline)", libbsonOut)
        report("libbson relaxed ExtJSON -> bytes (baseline)", libbsonIn)
        report("Document -> relaxed Extended JSON", extOut, baseline: ("libbson", libbsonOut))
        report("relaxed Extended JSON -> Document", extIn, baseline: ("libbson", libbsonIn))
        report("Document -> relaxed Extended JSON", extOut, baseline: ("JSONEncoder", jsonEncode))
        report("relaxed Extended JSON -> Document", extIn, baseline: ("JSONDecoder", jsonDecode))

        // A response body: a conversation of 11 messages as the API answers it (strings only).
        let page = BenchConversationDTO(messages: (0..<11).map { _ in BenchMessageDTO(message) })
        let pageJSON = opsPerSecond(seconds: seconds) { (try? jsonEncoder.encode(page))?.count ?? 0 }
        let pageOld = try opsPerSecond(seconds: seconds) { try BSONEncoder().encode(page).extendedJSONBytes(.relaxed).count }
        let pageCompact = try opsPerSecond(seconds: seconds) { try CompactJSONEncoder(writesJSONWritableDirectly: false).encode(page).count }
        let pageDirect = try opsPerSecond(seconds: seconds) { try CompactJSONEncoder().encode(page).count }
        guard try CompactJSONEncoder().encode(page) == CompactJSONEncoder(writesJSONWritableDirectly: false).encode(page) else {
            throw BenchError("the directly written body differs from the Encodable one")
        }
        print("  response body: a conversation with 11 messages, \(try CompactJSONEncoder().encode(page).count) bytes")
        report("Foundation JSONEncoder (baseline)", pageJSON)
        report("BSONEncoder -> Extended JSON (the old path)", pageOld, baseline: ("JSONEncoder", pageJSON))
        report("CompactJSONEncoder, Encodable", pageCompact, baseline: ("JSONEncoder", pageJSON))
        report("CompactJSONEncoder, JSONWritable (responses now)", pageDirect, baseline: ("JSONEncoder", pageJSON))
        report("CompactJSONEncoder, JSONWritable (responses now)", pageDirect, baseline: ("Encodable", pageCompact))
    }

    private static func libbsonRelaxedJSON(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress, let handle = bson_new_from_data(base, buffer.count) else { return 0 }
            defer { bson_destroy(handle) }
            var length = 0
            guard let text = bson_as_relaxed_extended_json(handle, &length) else { return 0 }
            bson_free(text)
            return length
        }
    }

    private static func libbsonParse(_ text: String) -> Int {
        var error = bson_error_t()
        let handle = text.withCString { bson_new_from_json(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), -1, &error) }
        guard let handle else { return 0 }
        bson_destroy(handle)
        return 1
    }
}
