import Foundation

/// Writes BSON values as compact Extended JSON v2 text (no spaces, the form mongoexport writes).
struct ExtendedJSONWriter {
    let mode: ExtendedJSONMode
    private(set) var out: ByteOutput

    init(mode: ExtendedJSONMode, capacity: Int = 256) {
        self.mode = mode
        out = ByteOutput(capacity: capacity)
    }

    mutating func byte(_ b: UInt8) { out.append(b) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { out.append($0) }
    }

    /// Up to `capacity` bytes that `fill` writes and counts, appended as they are (the caller
    /// promises they need no escaping).
    mutating func unescaped(capacity: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        let before = out.count
        out.append(upTo: capacity, fill)
        // Debug builds check the promise (release builds trust it: this is the hot path).
        assert(out.withUnsafeBytes { $0[before...].allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") } },
               "bytes written unescaped need escaping")
    }

    /// A JSON string: `"`, the text with quotes, backslashes and control characters escaped,
    /// `"`. The runs between escapes are copied whole from the string's UTF-8, which is looked
    /// through eight bytes at a time (most text has nothing to escape).
    mutating func string(_ s: String) {
        out.append(UInt8(ascii: "\""))
        stringContent(s)
        out.append(UInt8(ascii: "\""))
    }

    /// The inside of a JSON string: the text with what must be escaped escaped, no quotes.
    mutating func stringContent(_ s: String) {
        var text = s
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            var start = 0
            var i = 0
            while i < bytes.count {
                if bytes.count - i >= 8, !Self.mayNeedEscaping(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) {
                    i += 8
                    continue
                }
                let end = min(i + 8, bytes.count)
                while i < end {
                    let b = bytes[i]
                    if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                        if start < i { out.append(UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                        escape(b)
                        start = i + 1
                    }
                    i += 1
                }
            }
            if start < bytes.count { out.append(UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
    }

    /// Whether any of eight bytes may be a control character, a quote or a backslash (never
    /// false when one is; now and then true when none is, after a control character's borrow).
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & high
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        return (control | ((quotes &- ones) & ~quotes & high) | ((backslashes &- ones) & ~backslashes & high)) != 0
    }

    /// The escape of a quote, a backslash or a control character.
    private mutating func escape(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case 0x08: raw("\\b")
        case 0x0C: raw("\\f")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        default:
            raw("\\u00")
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { d in
                out.append(d[Int(b >> 4)])
                out.append(d[Int(b & 0xF)])
            }
        }
    }

    /// `{"<key>":"<text>"}`
    private mutating func wrapped(_ key: StaticString, _ text: String) {
        raw("{\"")
        raw(key)
        raw("\":")
        string(text)
        raw("}")
    }

    mutating func document(_ d: Document) {
        out.append(UInt8(ascii: "{"))
        for (i, field) in d.fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(field.key)
            out.append(UInt8(ascii: ":"))
            value(field.value)
        }
        out.append(UInt8(ascii: "}"))
    }

    mutating func value(_ v: BSONValue) {
        switch v {
        case .double(let d):
            if mode == .relaxed, d.isFinite {
                out.append(contentsOf: formatDouble(d).utf8)
            } else {
                wrapped("$numberDouble", formatDouble(d))
            }
        case .string(let s): string(s)
        case .document(let d): document(d)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, element) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                value(element)
            }
            out.append(UInt8(ascii: "]"))
        case .binary(let b):
            raw("{\"$binary\":{\"base64\":")
            string(Data(b.data).base64EncodedString())
            raw(",\"subType\":")
            string(String(format: "%02x", b.subtype))
            raw("}}")
        case .undefined: raw("{\"$undefined\":true}")
        case .objectId(let o): wrapped("$oid", o.hex)
        case .bool(let b): b ? raw("true") : raw("false")
        case .datetime(let d):
            if mode == .relaxed, d.millisecondsSinceEpoch >= 0, let iso = d.iso8601 {
                wrapped("$date", iso)
            } else {
                raw("{\"$date\":")
                wrapped("$numberLong", String(d.millisecondsSinceEpoch))
                raw("}")
            }
        case .null: raw("null")
        case .regex(let r):
            raw("{\"$regularExpression\":{\"pattern\":")
            string(r.pattern)
            raw(",\"options\":")
            string(r.options)
            raw("}}")
        case .dbPointer(let p):
            raw("{\"$dbPointer\":{\"$ref\":")
            string(p.namespace)
            raw(",\"$id\":")
            wrapped("$oid", p.id.hex)
            raw("}}")
        case .javascript(let code): wrapped("$code", code)
        case .symbol(let s): wrapped("$symbol", s)
        case .javascriptWithScope(let c):
            raw("{\"$code\":")
            string(c.code)
            raw(",\"$scope\":")
            document(c.scope)
            raw("}")
        case .int32(let i):
            if mode == .relaxed { out.append(contentsOf: String(i).utf8) } else { wrapped("$numberInt", String(i)) }
        case .timestamp(let t):
            raw("{\"$timestamp\":{\"t\":")
            out.append(contentsOf: String(t.seconds).utf8)
            raw(",\"i\":")
            out.append(contentsOf: String(t.increment).utf8)
            raw("}}")
        case .int64(let i):
            if mode == .relaxed { out.append(contentsOf: String(i).utf8) } else { wrapped("$numberLong", String(i)) }
        case .decimal128(let d): wrapped("$numberDecimal", d.description)
        case .minKey: raw("{\"$minKey\":1}")
        case .maxKey: raw("{\"$maxKey\":1}")
        }
    }
}

/// A double as Extended JSON writes it: the shortest text that reads back to the same value,
/// always with a fraction or exponent (`1.0`, `-0.0`, `1.2345678921232E+18`), or `Infinity`,
/// `-Infinity`, `NaN`.
func formatDouble(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    let text = d.description
    guard let e = text.firstIndex(of: "e") else { return text }
    var mantissa = text[..<e]
    let exponent = text[text.index(after: e)...]
    let fraction = mantissa.contains(".") ? "" : ".0"
    mantissa += fraction
    return String(mantissa) + "E" + exponent
}

extension Document {
    /// The document as compact Extended JSON v2 text in the given mode.
    public func extendedJSON(_ mode: ExtendedJSONMode = .relaxed) -> String {
        var writer = ExtendedJSONWriter(mode: mode)
        writer.document(self)
        return writer.out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The document as compact Extended JSON v2, UTF-8 bytes.
    public func extendedJSONBytes(_ mode: ExtendedJSONMode = .relaxed) -> [UInt8] {
        var writer = ExtendedJSONWriter(mode: mode)
        writer.document(self)
        return writer.out.array
    }
}

extension BSONValue {
    /// The value as compact Extended JSON v2 text in the given mode.
    public func extendedJSON(_ mode: ExtendedJSONMode = .relaxed) -> String {
        var writer = ExtendedJSONWriter(mode: mode, capacity: 32)
        writer.value(self)
        return writer.out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}
