/// Walks the top-level elements of BSON bytes without decoding their values: for readers that
/// need a field or two of large documents (the store's replay planning). It checks bounds, not
/// content: use `Document(bsonBytes:)` to validate.
public enum BSONShallowReader {
    /// One element: its key's bytes, its type, and its value's bytes.
    public struct Element {
        public let key: UnsafeRawBufferPointer
        public let type: BSONType
        public let value: UnsafeRawBufferPointer

        /// Whether the key is this ASCII text.
        public func keyIs(_ text: StaticString) -> Bool {
            text.withUTF8Buffer { key.elementsEqual($0) }
        }

        /// The value of a string element, when it is one.
        public var stringValue: String? {
            guard type == .string, value.count >= 5 else { return nil }
            return String(decoding: UnsafeRawBufferPointer(rebasing: value[4..<(value.count - 1)]), as: UTF8.self)
        }
    }

    /// Calls `body` for each top-level element; stops early when `body` returns false. Returns
    /// false when the bytes end before an element does.
    @discardableResult
    public static func forEachElement(in bytes: UnsafeRawBufferPointer, _ body: (Element) -> Bool) -> Bool {
        guard bytes.count >= 5 else { return false }
        var position = 4
        let end = bytes.count - 1
        while position < end {
            guard let type = BSONType(rawValue: bytes[position]) else { return false }
            var keyEnd = position + 1
            while keyEnd < end, bytes[keyEnd] != 0 { keyEnd += 1 }
            guard keyEnd < end else { return false }
            let valueStart = keyEnd + 1
            guard let length = valueLength(type, bytes, valueStart, end), length >= 0, length <= end - valueStart else { return false }
            let element = Element(
                key: UnsafeRawBufferPointer(rebasing: bytes[(position + 1)..<keyEnd]), type: type,
                value: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<(valueStart + length)]))
            if !body(element) { return true }
            position = valueStart + length
        }
        return true
    }

    private static func int32(_ bytes: UnsafeRawBufferPointer, _ at: Int, _ end: Int) -> Int? {
        guard at + 4 <= end else { return nil }
        return Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self)))
    }

    static func valueLength(_ type: BSONType, _ bytes: UnsafeRawBufferPointer, _ at: Int, _ end: Int) -> Int? {
        switch type {
        case .double, .datetime, .timestamp, .int64: return 8
        case .string, .javascript, .symbol: return int32(bytes, at, end).map { $0 + 4 }
        case .document, .array, .javascriptWithScope: return int32(bytes, at, end)
        case .binary: return int32(bytes, at, end).map { $0 + 5 }
        case .undefined, .null, .minKey, .maxKey: return 0
        case .objectId: return 12
        case .bool: return 1
        case .regex:
            var i = at
            for _ in 0..<2 {
                while i < end, bytes[i] != 0 { i += 1 }
                i += 1
            }
            return i - at
        case .dbPointer: return int32(bytes, at, end).map { $0 + 4 + 12 }
        case .int32: return 4
        case .decimal128: return 16
        }
    }
}
