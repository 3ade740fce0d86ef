import BSON
import Foundation

/// A document with one field of every BSON type, deprecated ones included.
let everyTypeDocument: Document = [
    "double": .double(-1.5),
    "string": "Zoë – ünïcødé ✓",
    "document": ["nested": ["deeper": .int32(1)]],
    "array": [.int32(1), "two", .null, [.bool(true)]],
    "binary": .binary(BSONBinary(subtype: 0x80, data: [0, 1, 2, 255])),
    "oldBinary": .binary(BSONBinary(subtype: BSONBinary.oldBinary, data: [9, 8, 7])),
    "uuid": .binary(BSONBinary(subtype: BSONBinary.uuid, data: Array(0..<16))),
    "undefined": .undefined,
    "objectId": .objectId(try! ObjectId("68070d287d53d6307d3cd634")),
    "bool": false,
    "datetime": .datetime(BSONDateTime(millisecondsSinceEpoch: 1_745_292_584_652)),
    "preEpoch": .datetime(BSONDateTime(millisecondsSinceEpoch: -284_643_869_501)),
    "null": .null,
    "regex": .regex(BSONRegex(pattern: "^ab/c\"d", options: "mi")),
    "dbPointer": .dbPointer(BSONDBPointer(namespace: "db.coll", id: try! ObjectId("56e1fc72e0c917e9c4714161"))),
    "javascript": .javascript("function() { return 1; }"),
    "symbol": .symbol("sym"),
    "codeWithScope": .javascriptWithScope(BSONCodeWithScope(code: "x + 1", scope: ["x": .int32(41)])),
    "int32": .int32(-2_147_483_648),
    "timestamp": .timestamp(BSONTimestamp(seconds: 4_294_967_295, increment: 1)),
    "int64": .int64(9_007_199_254_740_993),
    "decimal128": .decimal128(try! Decimal128("-1.05E+3")),
    "minKey": .minKey,
    "maxKey": .maxKey,
    "nan": .double(.nan),
    "negativeZero": .double(-0.0),
    "infinity": .double(.infinity),
    "controls": "tab\tquote\"backslash\\nul\u{0}bell\u{7}",
]

/// The shared samples folder beside the checkout.
var samplesFolder: URL { CorpusFile.folder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples") }
