/// Reads and validates untrusted BSON bytes. Every length is checked against the bytes that
/// hold it, strings and keys must be UTF-8, keys and regexes free of NUL, booleans 0 or 1, and
/// nesting at most `maximumDepth` deep; anything else is a `BSONError`, never a crash or an
/// out-of-bounds read.
struct BSONReader {
    /// Deeper nesting is refused (MongoDB's own limit for parsed documents).
    static let maximumDepth = 200

    private let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Reads the one document that fills the whole buffer.
    func readTopLevel() throws -> Document {
        let (document, end) = try readDocument(at: 0, limit: bytes.count, depth: 0, capacity: 8)
        guard end == bytes.count else {
            throw corrupt("the document's stated length \(end) is not the \(bytes.count) bytes given")
        }
        return document
    }

    private func corrupt(_ message: String) -> BSONError {
        BSONError(.corruptBytes, "invalid BSON: \(message)")
    }

    private func int32(at offset: Int, limit: Int) throws -> Int32 {
        guard offset >= 0, offset + 4 <= limit else { throw corrupt("truncated at byte \(offset)") }
        return Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    private func int64(at offset: Int, limit: Int) throws -> Int64 {
        guard offset + 8 <= limit else { throw corrupt("truncated at byte \(offset)") }
        return Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    private func text(_ range: Range<Int>, what: String) throws -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        if isASCII(slice) { return String(decoding: slice, as: UTF8.self) }
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw corrupt("\(what) at byte \(range.lowerBound) is not valid UTF-8")
        }
        return s
    }

    /// A NUL-terminated string; returns it and the offset after the NUL.
    private func cString(at offset: Int, limit: Int, what: String) throws -> (String, Int) {
        var end = offset
        while end < limit, bytes[end] != 0 { end += 1 }
        guard end < limit else { throw corrupt("\(what) at byte \(offset) is not terminated") }
        return (try text(offset..<end, what: what), end + 1)
    }

    /// A length-prefixed string; returns it and the offset after it.
    private func string(at offset: Int, limit: Int) throws -> (String, Int) {
        let length = Int(try int32(at: offset, limit: limit))
        let start = offset + 4
        guard length >= 1, length <= limit - start else { throw corrupt("bad string length \(length) at byte \(offset)") }
        guard bytes[start + length - 1] == 0 else { throw corrupt("string at byte \(offset) is not NUL-terminated") }
        return (try text(start..<(start + length - 1), what: "string"), start + length)
    }

    private func objectId(at offset: Int, limit: Int) throws -> ObjectId {
        guard offset + 12 <= limit else { throw corrupt("truncated ObjectId at byte \(offset)") }
        return ObjectId(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 12)]))
    }

    /// Reads an embedded document starting at `offset` that must end by `limit`.
    /// `capacity`: fields to make room for at once (a top-level document has several; growing
    /// one by one reallocates three or four times).
    func readDocument(at offset: Int, limit: Int, depth: Int, capacity: Int = 0) throws -> (Document, Int) {
        var document = Document(minimumCapacity: capacity)
        let end = try readElements(at: offset, limit: limit, depth: depth) { key, value in document.append(key, value) }
        return (document, end)
    }

    /// Reads an embedded array (a document whose keys are ignored) starting at `offset`.
    private func readArray(at offset: Int, limit: Int, depth: Int) throws -> ([BSONValue], Int) {
        var elements: [BSONValue] = []
        let end = try readElements(at: offset, limit: limit, depth: depth) { _, value in elements.append(value) }
        return (elements, end)
    }

    /// Walks the elements of a document at `offset`, handing each to `body`; returns the end offset.
    func readElements(at offset: Int, limit: Int, depth: Int, _ body: (String, BSONValue) throws -> Void) throws -> Int {
        guard depth <= Self.maximumDepth else { throw corrupt("nesting deeper than \(Self.maximumDepth) levels") }
        let length = Int(try int32(at: offset, limit: limit))
        guard length >= 5, length <= limit - offset else {
            throw corrupt("bad document length \(length) at byte \(offset)")
        }
        let terminator = offset + length - 1
        guard bytes[terminator] == 0 else { throw corrupt("document at byte \(offset) does not end with NUL") }
        var position = offset + 4
        while position < terminator {
            let typeByte = bytes[position]
            guard let type = BSONType(rawValue: typeByte) else {
                throw corrupt("unknown element type 0x\(String(typeByte, radix: 16)) at byte \(position)")
            }
            let (key, valueStart) = try cString(at: position + 1, limit: terminator, what: "key")
            let (value, next) = try readValue(type, at: valueStart, limit: terminator, depth: depth)
            try body(key, value)
            position = next
        }
        return offset + length
    }

    /// The one top-level element whose type byte is at `offset` (for selective reads).
    func readElement(typeAt offset: Int, limit: Int) throws -> (String, BSONValue) {
        guard offset >= 0, offset < limit, let type = BSONType(rawValue: bytes[offset]) else {
            throw corrupt("unknown element type at byte \(offset)")
        }
        let (key, valueStart) = try cString(at: offset + 1, limit: limit, what: "key")
        let (value, _) = try readValue(type, at: valueStart, limit: limit, depth: 1)
        return (key, value)
    }

    /// The value of a top-level element of type `type` whose bytes start at `offset` (for
    /// selective reads that located the element already).
    func readValue(ofType type: BSONType, at offset: Int, limit: Int) throws -> BSONValue {
        try readValue(type, at: offset, limit: limit, depth: 1).0
    }

    private func readValue(_ type: BSONType, at offset: Int, limit: Int, depth: Int) throws -> (BSONValue, Int) {
        switch type {
        case .double:
            let bits = UInt64(bitPattern: try int64(at: offset, limit: limit))
            return (.double(Double(bitPattern: bits)), offset + 8)
        case .string:
            let (s, next) = try string(at: offset, limit: limit)
            return (.string(s), next)
        case .document:
            let (d, next) = try readDocument(at: offset, limit: limit, depth: depth + 1)
            return (.document(d), next)
        case .array:
            let (elements, next) = try readArray(at: offset, limit: limit, depth: depth + 1)
            return (.array(elements), next)
        case .binary:
            return try readBinary(at: offset, limit: limit)
        case .undefined: return (.undefined, offset)
        case .objectId: return (.objectId(try objectId(at: offset, limit: limit)), offset + 12)
        case .bool:
            guard offset < limit else { throw corrupt("truncated boolean at byte \(offset)") }
            switch bytes[offset] {
            case 0: return (.bool(false), offset + 1)
            case 1: return (.bool(true), offset + 1)
            default: throw corrupt("boolean at byte \(offset) is neither 0 nor 1")
            }
        case .datetime:
            return (.datetime(BSONDateTime(millisecondsSinceEpoch: try int64(at: offset, limit: limit))), offset + 8)
        case .null: return (.null, offset)
        case .regex:
            let (pattern, afterPattern) = try cString(at: offset, limit: limit, what: "regex pattern")
            let (options, next) = try cString(at: afterPattern, limit: limit, what: "regex options")
            return (.regex(BSONRegex(pattern: pattern, options: options)), next)
        case .dbPointer:
            let (namespace, afterName) = try string(at: offset, limit: limit)
            let id = try objectId(at: afterName, limit: limit)
            return (.dbPointer(BSONDBPointer(namespace: namespace, id: id)), afterName + 12)
        case .javascript:
            let (s, next) = try string(at: offset, limit: limit)
            return (.javascript(s), next)
        case .symbol:
            let (s, next) = try string(at: offset, limit: limit)
            return (.symbol(s), next)
        case .javascriptWithScope:
            return try readCodeWithScope(at: offset, limit: limit, depth: depth)
        case .int32: return (.int32(try int32(at: offset, limit: limit)), offset + 4)
        case .timestamp:
            let raw = UInt64(bitPattern: try int64(at: offset, limit: limit))
            let stamp = BSONTimestamp(seconds: UInt32(truncatingIfNeeded: raw >> 32), increment: UInt32(truncatingIfNeeded: raw))
            return (.timestamp(stamp), offset + 8)
        case .int64: return (.int64(try int64(at: offset, limit: limit)), offset + 8)
        case .decimal128:
            let low = UInt64(bitPattern: try int64(at: offset, limit: limit))
            let high = UInt64(bitPattern: try int64(at: offset + 8, limit: limit))
            return (.decimal128(Decimal128(low: low, high: high)), offset + 16)
        case .minKey: return (.minKey, offset)
        case .maxKey: return (.maxKey, offset)
        }
    }

    private func readBinary(at offset: Int, limit: Int) throws -> (BSONValue, Int) {
        let length = Int(try int32(at: offset, limit: limit))
        let start = offset + 5
        guard length >= 0, start <= limit, length <= limit - start else {
            throw corrupt("bad binary length \(length) at byte \(offset)")
        }
        let subtype = bytes[offset + 4]
        var dataStart = start
        if subtype == BSONBinary.oldBinary {
            // The deprecated subtype repeats the payload length inside; the value is what follows.
            let inner = Int(try int32(at: start, limit: start + length))
            guard inner == length - 4 else { throw corrupt("old binary at byte \(offset) has inner length \(inner) for \(length) bytes") }
            dataStart += 4
        }
        let data = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[dataStart..<(start + length)]))
        return (.binary(BSONBinary(subtype: subtype, data: data)), start + length)
    }

    private func readCodeWithScope(at offset: Int, limit: Int, depth: Int) throws -> (BSONValue, Int) {
        let total = Int(try int32(at: offset, limit: limit))
        guard total >= 14, total <= limit - offset else {
            throw corrupt("bad code-with-scope length \(total) at byte \(offset)")
        }
        let end = offset + total
        let (code, afterCode) = try string(at: offset + 4, limit: end)
        let (scope, afterScope) = try readDocument(at: afterCode, limit: end, depth: depth + 1)
        guard afterScope == end else { throw corrupt("code-with-scope at byte \(offset) has \(end - afterScope) stray bytes") }
        return (.javascriptWithScope(BSONCodeWithScope(code: code, scope: scope)), end)
    }
}

/// Whether every byte is below 0x80 (then the bytes are valid UTF-8 as they are).
@inline(__always)
func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    let n = bytes.count
    while i + 8 <= n {
        if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
        i += 8
    }
    while i < n {
        if bytes[i] >= 0x80 { return false }
        i += 1
    }
    return true
}

extension Document {
    /// Validates one BSON document that fills `bytes` exactly and hands its top-level fields to
    /// `body` without building the document itself (for readers that want a few fields).
    /// - Throws: `BSONError` of kind `.corruptBytes`, or what `body` throws.
    public static func forEachField(inBSON bytes: UnsafeRawBufferPointer, _ body: (String, BSONValue) throws -> Void) throws {
        let reader = BSONReader(bytes)
        let end = try reader.readElements(at: 0, limit: bytes.count, depth: 0, body)
        guard end == bytes.count else {
            throw BSONError(.corruptBytes, "invalid BSON: the document's stated length \(end) is not the \(bytes.count) bytes given")
        }
    }

    /// Parses and validates one BSON document that fills `bytes` exactly.
    /// - Throws: `BSONError` of kind `.corruptBytes` naming the first problem and its offset.
    public init(bsonBytes bytes: UnsafeRawBufferPointer) throws {
        self = try BSONReader(bytes).readTopLevel()
    }

    /// Parses and validates one BSON document that fills `bytes` exactly.
    /// - Throws: `BSONError` of kind `.corruptBytes` naming the first problem and its offset.
    public init(bsonBytes bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try BSONReader($0).readTopLevel() }
    }

    /// Parses and validates one BSON document that fills `bytes` exactly.
    /// - Throws: `BSONError` of kind `.corruptBytes` naming the first problem and its offset.
    public init<Bytes: Sequence>(bsonBytes bytes: Bytes) throws where Bytes.Element == UInt8 {
        if let result = try bytes.withContiguousStorageIfAvailable({ buffer in
            try BSONReader(UnsafeRawBufferPointer(buffer)).readTopLevel()
        }) {
            self = result
        } else {
            let copy = Array(bytes)
            self = try copy.withUnsafeBytes { try BSONReader($0).readTopLevel() }
        }
    }
}
