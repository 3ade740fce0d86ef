import Foundation

/// Decodes `Decodable` values from BSON documents: the inverse of `BSONEncoder`.
///
/// Numbers convert when exact (an int32 field fills an `Int64`, a whole double fills an `Int`,
/// any number fills a `Double`); anything else that does not match is a `DecodingError` naming
/// the coding path. `Date` reads BSON dates, `ObjectId` reads ObjectIds, and `Document` /
/// `BSONValue` take any subtree as is.
public struct BSONDecoder: Sendable {
    public init() {}

    /// Decodes a value from a whole document.
    public func decode<T: Decodable>(_ type: T.Type, from document: Document) throws -> T {
        try decode(type, fromValue: .document(document))
    }

    /// Decodes a value from any BSON value.
    public func decode<T: Decodable>(_ type: T.Type, fromValue value: BSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: []).unbox(type)
    }
}

/// The `Decoder` handed to `init(from:)`; one per value.
struct ValueDecoder: Decoder {
    let value: BSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .document(let document) = value else { throw mismatch(Document.self) }
        return KeyedDecodingContainer(KeyedValueDecoder<Key>(document: document, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([BSONValue].self) }
        return UnkeyedValueDecoder(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func mismatch(_ expected: Any.Type) -> DecodingError {
        if case .null = value {
            return .valueNotFound(expected, .init(codingPath: codingPath, debugDescription: "expected \(expected), found null"))
        }
        return .typeMismatch(expected, .init(codingPath: codingPath, debugDescription: "expected \(expected), found BSON \(value.type)"))
    }

    /// Decodes `T`, taking the BSON-native types directly.
    func unbox<T: Decodable>(_ type: T.Type) throws -> T {
        if let native = try nativeValue(type) { return native }
        return try T(from: self)
    }

    // swiftlint:disable:next cyclomatic_complexity
    private func nativeValue<T>(_ type: T.Type) throws -> T? {
        let result: Any?
        switch type {
        case is BSONValue.Type: result = value
        case is Document.Type: result = try value.documentValue ?? { throw mismatch(type) }()
        case is ObjectId.Type: result = try value.objectIdValue ?? { throw mismatch(type) }()
        case is Date.Type: result = try value.datetimeValue?.date ?? { throw mismatch(type) }()
        case is BSONDateTime.Type: result = try value.datetimeValue ?? { throw mismatch(type) }()
        case is Decimal128.Type:
            guard case .decimal128(let d) = value else { throw mismatch(type) }
            result = d
        case is BSONBinary.Type:
            guard case .binary(let b) = value else { throw mismatch(type) }
            result = b
        case is BSONTimestamp.Type:
            guard case .timestamp(let t) = value else { throw mismatch(type) }
            result = t
        case is BSONRegex.Type:
            guard case .regex(let r) = value else { throw mismatch(type) }
            result = r
        case is Data.Type:
            guard case .binary(let b) = value else { throw mismatch(type) }
            result = Data(b.data)
        case is UUID.Type:
            guard case .binary(let b) = value, b.data.count == 16 else { throw mismatch(type) }
            result = b.data.withUnsafeBytes { raw in UUID(uuid: raw.loadUnaligned(as: uuid_t.self)) }
        case is URL.Type:
            guard case .string(let s) = value, let url = URL(string: s) else { throw mismatch(type) }
            result = url
        default: result = nil
        }
        return result as? T
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard let wide = value.exactInt64 else { throw mismatch(type) }
        guard let narrow = I(exactly: wide) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(wide) does not fit \(type)"))
        }
        return narrow
    }
}

extension ValueDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        switch value {
        case .null, .undefined: return true
        default: return false
        }
    }

    func decode(_ type: Bool.Type) throws -> Bool { try value.boolValue ?? { throw mismatch(type) }() }

    func decode(_ type: String.Type) throws -> String {
        switch value {
        case .string(let s), .symbol(let s): return s
        default: throw mismatch(type)
        }
    }

    func decode(_ type: Double.Type) throws -> Double { try value.numericDouble ?? { throw mismatch(type) }() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unbox(type) }
}
