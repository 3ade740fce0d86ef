import BSON
import DocumentStore

/// Order-preserving byte keys for BSON values — MongoDB's "KeyString" idea: comparing two keys
/// with `memcmp` gives the sign of `BSONOrder.compare` on the values, so SQLite's B-trees (which
/// compare blobs bytewise) keep documents and index entries in BSON order.
///
/// Layout: one type byte, the rank of the value's type class (`BSONOrder.typeRank`, 1…15 and
/// 100), then a body. Every encoding is prefix-free, so keys concatenate into compound keys and
/// a descending field inverts its bytes without breaking the order.
/// - Numbers (int32, int64, double, decimal128 as a double, as `BSONOrder` compares it) share one
///   body: a class byte (NaN 1 < negative 2 < zero 3 < positive 4) then, for non-zero values, the
///   binary exponent (2 bytes, biased) and the 64 bits after the leading one, inverted for
///   negative values. Equal values of any numeric type have identical bytes; int64 stays exact.
/// - Strings: UTF-8 with 0x00 written as 0x00 0xFF, ended by 0x00 0x00 ("a" < "a\0" < "ab").
/// - Documents: per field the value's type byte, the name as a string, the value's body; then 0.
/// - Arrays: per element its key; then 0.
/// - Binary: length (4 bytes), subtype, bytes. Dates: milliseconds with the sign bit flipped.
public enum KeyString {
    /// The key of one value.
    public static func key(_ value: BSONValue) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        append(value, to: &out)
        return out
    }

    /// Appends the key of a value.
    public static func append(_ value: BSONValue, to out: inout [UInt8]) {
        out.append(UInt8(BSONOrder.typeRank(value)))
        appendBody(value, to: &out)
    }

    /// The type byte of every number.
    static let numberType = UInt8(BSONOrder.typeRank(.int32(0)))

    private static func appendBody(_ value: BSONValue, to out: inout [UInt8]) {
        switch value {
        case .minKey, .maxKey, .null, .undefined: return
        case .int32(let i): appendInteger(Int64(i), to: &out)
        case .int64(let i): appendInteger(i, to: &out)
        case .double(let d): appendDouble(d, to: &out)
        case .decimal128(let d): appendDouble(Double(d.description) ?? .nan, to: &out)
        case .string(let s), .symbol(let s), .javascript(let s): appendString(s, to: &out)
        case .document(let document): appendDocument(document, to: &out)
        case .array(let elements):
            for element in elements { append(element, to: &out) }
            out.append(0)
        case .binary(let binary):
            appendBigEndian(UInt32(truncatingIfNeeded: binary.data.count), to: &out)
            out.append(binary.subtype)
            out.append(contentsOf: binary.data)
        case .objectId(let id): id.append(to: &out)
        case .bool(let b): out.append(b ? 1 : 0)
        case .datetime(let date): appendBigEndian(UInt64(bitPattern: date.millisecondsSinceEpoch) ^ (1 << 63), to: &out)
        case .timestamp(let t):
            appendBigEndian(t.seconds, to: &out)
            appendBigEndian(t.increment, to: &out)
        case .regex(let regex):
            appendString(regex.pattern, to: &out)
            appendString(regex.options, to: &out)
        case .dbPointer(let pointer):
            appendString(pointer.namespace, to: &out)
            pointer.id.append(to: &out)
        case .javascriptWithScope(let code):
            appendString(code.code, to: &out)
            appendDocument(code.scope, to: &out)
        }
    }

    private static func appendDocument(_ document: Document, to out: inout [UInt8]) {
        for (key, value) in document {
            out.append(UInt8(BSONOrder.typeRank(value)))
            appendString(key, to: &out)
            appendBody(value, to: &out)
        }
        out.append(0)
    }

    static func appendString(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            out.append(byte)
            if byte == 0 { out.append(0xFF) }
        }
        out.append(0)
        out.append(0)
    }

    private enum NumberClass: UInt8 {
        case nan = 1, negative, zero, positive
    }

    private static func appendInteger(_ i: Int64, to out: inout [UInt8]) {
        if i == 0 {
            out.append(NumberClass.zero.rawValue)
        } else {
            appendMagnitude(negative: i < 0, significand: i.magnitude, exponent: 0, to: &out)
        }
    }

    private static func appendDouble(_ d: Double, to out: inout [UInt8]) {
        if d.isNaN {
            out.append(NumberClass.nan.rawValue)
        } else if d == 0 {
            out.append(NumberClass.zero.rawValue)
        } else if d.isInfinite {
            out.append(d < 0 ? NumberClass.negative.rawValue : NumberClass.positive.rawValue)
            let fill: UInt8 = d < 0 ? 0 : 0xFF
            out.append(contentsOf: repeatElement(fill, count: 10))
        } else {
            let magnitude = d.magnitude
            let significand = magnitude.significandBitPattern | (magnitude.isNormal ? 1 << 52 : 0)
            let exponent = magnitude.isNormal ? Int(magnitude.exponent) - 52 : -1074
            appendMagnitude(negative: d < 0, significand: significand, exponent: exponent, to: &out)
        }
    }

    /// A non-zero value `significand × 2^exponent` as its class, the exponent of its leading one
    /// (biased to stay positive) and the bits after the leading one, left-aligned.
    private static func appendMagnitude(negative: Bool, significand: UInt64, exponent: Int, to out: inout [UInt8]) {
        let leadingZeros = significand.leadingZeroBitCount
        let biased = UInt16(truncatingIfNeeded: exponent + (63 - leadingZeros) + 1100)
        let fraction = leadingZeros == 63 ? 0 : significand << UInt64(leadingZeros + 1)
        out.append(negative ? NumberClass.negative.rawValue : NumberClass.positive.rawValue)
        appendBigEndian(negative ? ~biased : biased, to: &out)
        appendBigEndian(negative ? ~fraction : fraction, to: &out)
    }

    static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    /// The smallest byte string greater than every string that starts with `prefix` (`nil` when
    /// there is none: the prefix is all 0xFF).
    public static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }

    /// Every byte inverted: the key of a descending index field.
    public static func inverted(_ bytes: [UInt8]) -> [UInt8] { bytes.map { ~$0 } }
}
