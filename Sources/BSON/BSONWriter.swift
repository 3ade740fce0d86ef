/// Writes documents as BSON bytes (little-endian, length-prefixed, NUL-terminated).
struct BSONWriter {
    private(set) var bytes: [UInt8] = []
    /// The most levels a non-empty document or array may sit at (the top document is level 1).
    private let maximumNesting: Int
    /// The level of the document or array being written.
    private var level = 0

    /// `leadingZeros` bytes of room come first (for a header the caller fills in later).
    init(capacity: Int = 256, maximumNesting: Int = .max, leadingZeros: Int = 0) {
        bytes.reserveCapacity(capacity)
        bytes.append(contentsOf: repeatElement(0, count: leadingZeros))
        self.maximumNesting = maximumNesting
    }

    /// Enters a document or array; a non-empty one past `maximumNesting` is refused.
    private mutating func enter(empty: Bool) throws {
        level += 1
        if !empty, level > maximumNesting {
            throw BSONError(.tooDeep, "Document exceeds maximum nesting depth of \(maximumNesting)")
        }
    }

    private mutating func appendInt32(_ value: Int32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func appendInt64(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func patchInt32(_ value: Int, at offset: Int) throws {
        guard let v = Int32(exactly: value) else { throw BSONError(.invalidValue, "document larger than 2 GiB") }
        withUnsafeBytes(of: v.littleEndian) { raw in
            for i in 0..<4 { bytes[offset + i] = raw[i] }
        }
    }

    private mutating func appendCString(_ text: String, what: String) throws {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        if bytes[start...].contains(0) {
            throw BSONError(.invalidValue, "\(what) '\(text.replacingNULs)' contains a NUL byte")
        }
        bytes.append(0)
    }

    private mutating func appendString(_ text: String) throws {
        let start = bytes.count
        appendInt32(0)
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
        try patchInt32(bytes.count - start - 4, at: start)
    }

    mutating func appendDocument(_ document: Document) throws {
        try enter(empty: document.fields.isEmpty)
        defer { level -= 1 }
        let start = bytes.count
        appendInt32(0)
        for field in document.fields {
            try appendElement(field.key, field.value)
        }
        bytes.append(0)
        try patchInt32(bytes.count - start, at: start)
    }

    private mutating func appendArray(_ elements: [BSONValue]) throws {
        try enter(empty: elements.isEmpty)
        defer { level -= 1 }
        let start = bytes.count
        appendInt32(0)
        for (i, element) in elements.enumerated() {
            try appendElement(String(i), element)
        }
        bytes.append(0)
        try patchInt32(bytes.count - start, at: start)
    }

    private mutating func appendElement(_ key: String, _ value: BSONValue) throws {
        bytes.append(value.type.rawValue)
        try appendCString(key, what: "key")
        switch value {
        case .double(let d): appendInt64(Int64(bitPattern: d.bitPattern))
        case .string(let s), .javascript(let s), .symbol(let s): try appendString(s)
        case .document(let d): try appendDocument(d)
        case .array(let a): try appendArray(a)
        case .binary(let b):
            let isOld = b.subtype == BSONBinary.oldBinary
            guard let length = Int32(exactly: b.data.count + (isOld ? 4 : 0)) else {
                throw BSONError(.invalidValue, "binary larger than 2 GiB")
            }
            appendInt32(length)
            bytes.append(b.subtype)
            if isOld { appendInt32(length - 4) }
            bytes.append(contentsOf: b.data)
        case .undefined, .null, .minKey, .maxKey: break
        case .objectId(let o): bytes.append(contentsOf: o.bytes)
        case .bool(let b): bytes.append(b ? 1 : 0)
        case .datetime(let d): appendInt64(d.millisecondsSinceEpoch)
        case .regex(let r):
            try appendCString(r.pattern, what: "regex pattern")
            try appendCString(r.options, what: "regex options")
        case .dbPointer(let p):
            try appendString(p.namespace)
            bytes.append(contentsOf: p.id.bytes)
        case .javascriptWithScope(let c):
            let start = bytes.count
            appendInt32(0)
            try appendString(c.code)
            try appendDocument(c.scope)
            try patchInt32(bytes.count - start, at: start)
        case .int32(let i): appendInt32(i)
        case .timestamp(let t): appendInt64(Int64(bitPattern: UInt64(t.seconds) << 32 | UInt64(t.increment)))
        case .int64(let i): appendInt64(i)
        case .decimal128(let d):
            appendInt64(Int64(bitPattern: d.low))
            appendInt64(Int64(bitPattern: d.high))
        }
    }
}

extension Document {
    /// The document as BSON bytes.
    /// - Throws: `BSONError` of kind `.invalidValue` when a key or regex holds a NUL byte
    ///   (BSON cannot represent it) or a part exceeds BSON's 2 GiB lengths.
    public func bsonBytes() throws -> [UInt8] {
        var writer = BSONWriter()
        try writer.appendDocument(self)
        return writer.bytes
    }

    /// The document as BSON bytes, refused when a non-empty document or array in it sits more
    /// than `maximumNesting` levels deep (the document itself is level 1; empty ones add none).
    /// - Throws: `BSONError` of kind `.tooDeep` past the limit, else as `bsonBytes()`.
    /// - Parameter leadingZeros: zero bytes before the BSON, room for a header the caller fills
    ///   in, so that it need not copy the bytes to put one in front.
    public func bsonBytes(maximumNesting: Int, leadingZeros: Int = 0) throws -> [UInt8] {
        var writer = BSONWriter(maximumNesting: maximumNesting, leadingZeros: Swift.max(0, leadingZeros))
        try writer.appendDocument(self)
        return writer.bytes
    }
}

extension String {
    /// The text with NUL bytes shown as `\0`, for error messages.
    var replacingNULs: String { unicodeScalars.map { $0 == "\0" ? "\\0" : String($0) }.joined() }
}
