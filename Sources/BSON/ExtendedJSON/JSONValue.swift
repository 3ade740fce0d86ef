/// A parsed JSON value that keeps what BSON needs and Foundation drops: the order of object
/// members, duplicate member names, and the exact text of numbers.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written (`"42"`, `"-1.5E+3"`), so integers and doubles stay apart.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// Parses one JSON text (RFC 8259: no comments, no trailing commas, whitespace around).
    /// - Throws: `BSONError` of kind `.invalidExtendedJSON` naming the byte offset.
    public init(parsing text: String) throws {
        var copy = text
        self = try copy.withUTF8 { buffer in
            var parser = JSONParser(buffer)
            return try parser.parseDocument()
        }
    }

    /// Parses one JSON text given as UTF-8 bytes.
    public init(parsing bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            return try parser.parseDocument()
        }
    }
}
