import BSON
import Foundation
import Testing

/// The streaming JSON encoder against the reference path it replaces on the request path:
/// `BSONEncoder` then the relaxed Extended JSON writer, byte for byte.
@Suite("Compact JSON encoder (unit)")
struct CompactJSONEncoderTests {
    static func reference<T: Encodable>(_ value: T) throws -> [UInt8] {
        switch try BSONEncoder().encodeValue(value) {
        case .document(let document): return document.extendedJSONBytes(.relaxed)
        case let other: return Array(other.extendedJSON(.relaxed).utf8)
        }
    }

    struct Inner: Encodable { var name: String; var score: Double?; var tags: [String] }
    struct Everything: Encodable {
        var text = "Quote \" backslash \\ newline \n tab \t nul \u{0} é 😀 /slash"
        var flag = true
        var small: Int = -7
        var large: Int64 = .max
        var unsigned: UInt32 = .max
        var ratio = 0.1
        var whole = 2.0
        var tiny = 1e-300
        var notANumber = Double.nan
        var infinite = -Double.infinity
        var absent: String? = nil
        var absentNumber: Int? = nil
        var present: Int? = 3
        var date = Date(timeIntervalSince1970: 1_700_000_000.123)
        var id = ObjectId()
        var inner = Inner(name: "x", score: nil, tags: ["a", "b"])
        var list = [Inner(name: "y", score: 1.5, tags: []), Inner(name: "z", score: -0.0, tags: ["c"])]
        var optionals: [Int?] = [1, nil, 3]
        var nested: [[Int]] = [[], [1], [2, 3]]
        var empty: [String: Int] = [:]
        var map = ["k": 1]
        var emptyStruct = Empty()
    }
    struct Empty: Encodable {}

    /// Written by hand with nested containers and a super encoder, as custom `encode(to:)` may be.
    struct Custom: Encodable {
        enum Keys: String, CodingKey { case a, b, c, d, e }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(1, forKey: .a)
            var nested = c.nestedContainer(keyedBy: Keys.self, forKey: .b)
            try nested.encode("in", forKey: .a)
            var list = c.nestedUnkeyedContainer(forKey: .c)
            try list.encode(true)
            var inner = list.nestedContainer(keyedBy: Keys.self)
            try inner.encodeNil(forKey: .e)
            try c.encode(2, forKey: .d)
            try Inner(name: "s", score: 2, tags: []).encode(to: c.superEncoder(forKey: .e))
        }
    }

    @Test("every kind of member, nested containers and top-level values give the reference bytes")
    func sameBytes() throws {
        let everything = Everything()
        #expect(try CompactJSONEncoder().encode(everything) == Self.reference(everything))
        #expect(try CompactJSONEncoder().encode(Custom()) == Self.reference(Custom()))
        #expect(try CompactJSONEncoder().encode([everything, everything]) == Self.reference([everything, everything]))
        #expect(try CompactJSONEncoder().encode("top") == Self.reference("top"))
        #expect(try CompactJSONEncoder().encode(Empty()) == Self.reference(Empty()))
        #expect(String(decoding: try CompactJSONEncoder().encode(Custom()), as: UTF8.self)
            == #"{"a":1,"b":{"a":"in"},"c":[true,{"e":null}],"d":2,"e":{"name":"s","score":2.0,"tags":[]}}"#)
    }

    @Test("an integer beyond Int64 is refused as the reference refuses it")
    func overflow() {
        struct Big: Encodable { var n = UInt64.max }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(Big()) }
        #expect(throws: EncodingError.self) { try Self.reference(Big()) }
    }

    /// A random JSON-shaped value.
    indirect enum Tree: Encodable {
        case object([(String, Tree)])
        case array([Tree])
        case string(String)
        case number(Double)
        case integer(Int)
        case null

        func encode(to encoder: any Encoder) throws {
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            switch self {
            case .object(let members):
                var c = encoder.container(keyedBy: Key.self)
                for (key, value) in members { try c.encode(value, forKey: Key(stringValue: key)) }
            case .array(let elements):
                var c = encoder.unkeyedContainer()
                for element in elements { try c.encode(element) }
            case .string(let s):
                var c = encoder.singleValueContainer()
                try c.encode(s)
            case .number(let d):
                var c = encoder.singleValueContainer()
                try c.encode(d)
            case .integer(let i):
                var c = encoder.singleValueContainer()
                try c.encode(i)
            case .null:
                var c = encoder.singleValueContainer()
                try c.encodeNil()
            }
        }

        static func random(depth: Int, using rng: inout some RandomNumberGenerator) -> Tree {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
            case 0: return .string(String((0..<Int.random(in: 0..<6, using: &rng)).map { _ in "aé\"\\\n😀z".randomElement(using: &rng) ?? "a" }))
            case 1: return .number(Double.random(in: -1e6...1e6, using: &rng))
            case 2: return .integer(Int.random(in: Int.min...Int.max, using: &rng))
            case 3: return .null
            case 4:
                let count = Int.random(in: 0..<4, using: &rng)
                return .object((0..<count).map { i in ("k\(i)", random(depth: depth + 1, using: &rng)) })
            default: return .array((0..<Int.random(in: 0..<4, using: &rng)).map { _ in random(depth: depth + 1, using: &rng) })
            }
        }
    }

    @Test("strings are escaped as JSON requires: every control character, quote and backslash, and read back the same")
    func stringEscapes() throws {
        // Given every ASCII character, escapes at the start and end, and text beyond ASCII
        let ascii = String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) })
        let samples = [ascii, "\"", "\\", "\n", "a\u{1F}b", "\"quoted\"", "é😀\u{7F}", "", "plain text", String(repeating: "x\t", count: 300)]
        for sample in samples {
            // When one is encoded
            let bytes = try CompactJSONEncoder().encode(["s": sample])
            // Then JSON reads back the same text, and no raw control character is left in it
            let decoded = try JSONDecoder().decode([String: String].self, from: Data(bytes))
            #expect(decoded["s"] == sample)
            #expect(!bytes.contains { $0 < 0x20 })
        }
        #expect(try CompactJSONEncoder().encode(["s": "a\"b\\c\n\u{1}"]) == Array(#"{"s":"a\"b\\c\n\u0001"}"#.utf8))
    }

    @Test("an escape at any place within or across eight-byte words is found, in ASCII and longer UTF-8 text")
    func escapesAtEveryOffset() throws {
        // Given text of every length up to 40 with one character to escape at every offset
        // (strings are looked through eight bytes at a time), in ASCII and beside 2- and 4-byte characters
        for filler in ["a", "é", "😀"] {
            for length in 0...40 {
                for offset in 0...length {
                    for special in ["\"", "\\", "\u{0}", "\u{1F}", "\n"] {
                        let text = String(repeating: filler, count: offset) + special + String(repeating: filler, count: length - offset)
                        // When it is written
                        let written = try CompactJSONEncoder().encode(["s": text])
                        // Then the text is escaped exactly there, and JSON reads it back the same
                        let expected = #"{"s":""# + String(repeating: filler, count: offset) + Self.escaped(special)
                            + String(repeating: filler, count: length - offset) + #""}"#
                        #expect(written == Array(expected.utf8))
                    }
                }
            }
        }
    }

    /// The JSON escape of one special character, spelled out.
    static func escaped(_ special: String) -> String {
        switch special {
        case "\"": return #"\""#
        case "\\": return #"\\"#
        case "\n": return #"\n"#
        case "\u{0}": return #"\u0000"#
        default: return #"\u001f"#
        }
    }

    @Test("2,000 random nested values give the reference bytes")
    func randomValues() throws {
        var rng = SeededGenerator(seed: 20_261_201)
        for _ in 0..<2_000 {
            let tree = Tree.object([("root", Tree.random(depth: 0, using: &rng))])
            #expect(try CompactJSONEncoder().encode(tree) == Self.reference(tree))
        }
    }
}

/// SplitMix64: a fixed seed gives the same values on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
