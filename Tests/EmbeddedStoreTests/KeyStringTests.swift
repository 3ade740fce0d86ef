import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Testing

@Suite("KeyString: byte order is BSON order")
struct KeyStringTests {
    /// Random values of every BSON type, with numbers chosen to collide across types and sit
    /// at the edges (int64 beyond 2^53, ±0, NaN, infinities, subnormals).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func number() -> BSONValue {
            let small = Int64.random(in: -3...3, using: &self)
            switch Int.random(in: 0..<12, using: &self) {
            case 0: return .int32(Int32(small))
            case 1: return .int64(small)
            case 2: return .double(Double(small))
            case 3: return .double(Double(small) + [0.5, -0.25, 1e-310, 0][Int.random(in: 0..<4, using: &self)])
            case 4: return .int64([Int64.max, Int64.min, 1 << 53 + 1, -(1 << 53) - 1, 1 << 62][Int.random(in: 0..<5, using: &self)])
            case 5: return .double([9.223372036854775807e18, -9.223372036854775808e18, 9_007_199_254_740_992, .infinity, -.infinity, .nan, -0.0, .ulpOfOne][Int.random(in: 0..<8, using: &self)])
            case 6: return .int32([Int32.max, Int32.min][Int.random(in: 0..<2, using: &self)])
            case 7: return .decimal128((try? Decimal128("\(small)")) ?? Decimal128(low: 0, high: 0))
            default: return .double(Double.random(in: -1e6...1e6, using: &self))
            }
        }

        mutating func text() -> String {
            let alphabet: [String] = ["", "a", "b", "\0", "ab", "a\0", "é", "z", "\u{1}"]
            return (0..<Int.random(in: 0...3, using: &self)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &self)] }.joined()
        }

        mutating func value(depth: Int = 0) -> BSONValue {
            let oid = ObjectId(bytes: (0..<12).map { _ in UInt8.random(in: 0...2, using: &self) })
            switch Int.random(in: 0..<(depth > 1 ? 18 : 20), using: &self) {
            case 0: return .minKey
            case 1: return .maxKey
            case 2: return .null
            case 3: return .undefined
            case 4, 5, 6: return number()
            case 7: return .string(text())
            case 8: return .symbol(text())
            case 9: return .binary(BSONBinary(subtype: UInt8.random(in: 0...1, using: &self), data: (0..<Int.random(in: 0...2, using: &self)).map { _ in UInt8.random(in: 0...1, using: &self) }))
            case 10: return .objectId(oid)
            case 11: return .bool(Bool.random(using: &self))
            case 12: return .datetime(BSONDateTime(millisecondsSinceEpoch: Int64.random(in: -2...2, using: &self) * [1, 1 << 40][Int.random(in: 0..<2, using: &self)]))
            case 13: return .timestamp(BSONTimestamp(seconds: UInt32.random(in: 0...2, using: &self), increment: UInt32.random(in: 0...2, using: &self)))
            case 14: return .regex(BSONRegex(pattern: text(), options: ["", "i"][Int.random(in: 0..<2, using: &self)]))
            case 15: return .javascript(text())
            case 16: return .dbPointer(BSONDBPointer(namespace: text(), id: oid))
            case 17: return .javascriptWithScope(BSONCodeWithScope(code: text(), scope: ["x": number()]))
            case 18: return .array((0..<Int.random(in: 0...2, using: &self)).map { _ in value(depth: depth + 1) })
            default:
                let keys = ["a", "b", ""]
                return .document(Document((0..<Int.random(in: 0...2, using: &self)).map { _ in (keys[Int.random(in: 0..<3, using: &self)], value(depth: depth + 1)) }))
            }
        }
    }

    static func sign(_ x: Int) -> Int { x < 0 ? -1 : (x > 0 ? 1 : 0) }

    static func byteOrder(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
    }

    @Test("memcmp of keys has the sign of BSONOrder.compare for 200,000 random pairs of every type")
    func randomPairs() {
        var random = Generator(state: 20_261_201)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let a = random.value()
            let b = random.value()
            let expected = Self.sign(BSONOrder.compare(a, b))
            if Self.byteOrder(KeyString.key(a), KeyString.key(b)) != expected {
                mismatches.append("\(a.extendedJSON()) vs \(b.extendedJSON()): BSONOrder says \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(5))")
    }

    @Test("compound keys (one field descending) order as the fields do, field by field")
    func compoundKeys() {
        var random = Generator(state: 7)
        for _ in 0..<50_000 {
            let (a1, a2, b1, b2) = (random.value(), random.value(), random.value(), random.value())
            let keyA = KeyString.key(a1) + KeyString.inverted(KeyString.key(a2))
            let keyB = KeyString.key(b1) + KeyString.inverted(KeyString.key(b2))
            let first = BSONOrder.compare(a1, b1)
            let expected = Self.sign(first != 0 ? first : -BSONOrder.compare(a2, b2))
            #expect(Self.byteOrder(keyA, keyB) == expected, "(\(a1.extendedJSON()), \(a2.extendedJSON())) vs (\(b1.extendedJSON()), \(b2.extendedJSON()))")
        }
    }

    @Test("equal numbers of every numeric type have identical keys")
    func numericEquality() throws {
        #expect(KeyString.key(.int32(5)) == KeyString.key(.double(5)))
        #expect(KeyString.key(.int64(5)) == KeyString.key(.decimal128(try Decimal128("5"))))
        #expect(KeyString.key(.double(-0.0)) == KeyString.key(.int32(0)))
        #expect(KeyString.key(.int64(1 << 53 + 1)) != KeyString.key(.double(Double(1 << 53))))
        #expect(KeyString.key(.string("a")) == KeyString.key(.symbol("a")))
    }
}
