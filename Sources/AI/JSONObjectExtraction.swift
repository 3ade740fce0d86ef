import BSON

/// Finds the JSON object in a model's text: bare, in a ```json fence, or with prose around it.
public enum JSONObjectExtraction {
    /// The first complete `{…}` object in the text that parses as JSON.
    public static func object(in text: String) -> [JSONMember]? {
        let scalars = Array(text.utf8)
        var start = 0
        while let open = scalars[start...].firstIndex(of: UInt8(ascii: "{")) {
            if let end = matchingBrace(scalars, from: open),
                case .object(let members)? = try? JSONValue(parsing: Array(scalars[open...end]))
            {
                return members
            }
            start = open + 1
        }
        return nil
    }

    /// The index of the `}` closing the `{` at `open`, skipping strings.
    private static func matchingBrace(_ bytes: [UInt8], from open: Int) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for i in open..<bytes.count {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return i }
            default: break
            }
        }
        return nil
    }
}
