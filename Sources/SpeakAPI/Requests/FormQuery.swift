import Hummingbird

/// A query string read as HTML forms and Python's `urllib.parse.parse_qsl` read it (what the
/// original service's FastAPI sees): `+` is a space, `%XX` a byte (a malformed escape stays as
/// written, bytes that are not UTF-8 become U+FFFD), a name without `=` has the empty value, and
/// of repeated names the last one counts.
struct FormQuery {
    private var values: [String: String] = [:]

    init(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return }
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[Self.decode(parts[0])] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    /// The value of `name`, or `nil` when the query does not have it.
    func get(_ name: String) -> String? { values[name] }

    /// `+` as a space, then percent escapes.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if input.count >= 2, let high = hexValue(input[input.startIndex]), let low = hexValue(input[input.startIndex + 1]) {
                    bytes.append(high << 4 | low)
                    input.removeFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Request {
    /// The query string as the original service reads it (`+` is a space).
    var formQuery: FormQuery { FormQuery(uri.query) }
}
