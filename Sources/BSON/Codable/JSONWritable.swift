/// A value that writes its own compact JSON, member by member, instead of going through
/// `Encodable`'s containers: for the response bodies a server writes thousands of times a
/// second, where the generic containers cost more than the text.
///
/// `CompactJSONEncoder` uses `writeJSON(to:)` wherever it meets such a value, at the top or
/// nested. It must write exactly what the value's `encode(to:)` gives through that encoder:
/// members in the same order, `null` for an absent optional the `Encodable` side writes as
/// null; a test per conforming type holds the two to the same bytes.
public protocol JSONWritable: Encodable {
    /// Writes this value as one JSON value (an object, usually) to `json`.
    func writeJSON(to json: inout JSONWriter)
}

/// Compact JSON text written straight into bytes: objects and arrays opened by closures, members
/// with their separators, strings escaped as `CompactJSONEncoder` escapes them.
public struct JSONWriter {
    var text: ExtendedJSONWriter
    /// Whether the container being written already has a member (a comma comes first).
    private var hasMembers = false

    init(text: ExtendedJSONWriter) {
        self.text = text
    }

    /// An object: `{`, what `members` writes, `}`.
    public mutating func object(_ members: (inout JSONWriter) -> Void) {
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), members)
    }

    /// A member whose value is a string.
    public mutating func member(_ key: StaticString, _ value: String) {
        self.key(key, openingString: true)
        text.stringContent(value)
        text.byte(UInt8(ascii: "\""))
    }

    /// A member whose value is a string or `null`.
    public mutating func member(_ key: StaticString, _ value: String?) {
        if let value { member(key, value) } else {
            self.key(key)
            text.raw("null")
        }
    }

    /// A member whose value is a string of at most `capacity` bytes that `fill` writes straight
    /// into the output and counts: dates, ids and other text made of characters JSON never
    /// escapes (printable ASCII other than `"` and `\`), with no `String` made on the way.
    public mutating func member(_ key: StaticString, capacity: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        self.key(key, openingString: true)
        text.unescaped(capacity: capacity, fill)
        text.byte(UInt8(ascii: "\""))
    }

    /// A member whose value is an ObjectId's 24 hexadecimal digits.
    public mutating func member(_ key: StaticString, hexOf id: ObjectId) {
        member(key, capacity: 24) { id.writeHex(into: $0) }
    }

    /// A member whose value is an array of values that write themselves.
    public mutating func member<Element: JSONWritable>(_ key: StaticString, _ values: [Element]) {
        member(key) { json in
            for value in values { json.element(value) }
        }
    }

    /// A member whose value is an array of what `elements` writes with `element(_:)`: for
    /// elements made on the way (a DTO around each domain value) without an array of them.
    public mutating func member(_ key: StaticString, elements: (inout JSONWriter) -> Void) {
        self.key(key)
        container(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), elements)
    }

    /// One element of the array being written.
    public mutating func element(_ value: some JSONWritable) {
        separate()
        value.writeJSON(to: &self)
    }

    /// The key and its colon, after a comma when the object has members already. Keys are
    /// literals that need no escaping (the names of a response's members).
    private mutating func key(_ key: StaticString, openingString: Bool = false) {
        text.raw(hasMembers ? ",\"" : "\"")
        hasMembers = true
        text.raw(key)
        text.raw(openingString ? "\":\"" : "\":")
    }

    /// A comma before every member or element but the first.
    private mutating func separate() {
        if hasMembers { text.byte(UInt8(ascii: ",")) }
        hasMembers = true
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout JSONWriter) -> Void) {
        let outer = hasMembers
        text.byte(open)
        hasMembers = false
        body(&self)
        text.byte(close)
        hasMembers = outer
    }
}
