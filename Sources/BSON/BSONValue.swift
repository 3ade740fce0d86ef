/// One BSON value of any type the specification defines, including the deprecated ones
/// (`undefined`, `dbPointer`, `symbol`, `javascriptWithScope`), so that nothing read from a
/// file or the wire is silently dropped or converted.
///
/// The rare large payloads (regex, DBPointer, code with scope) are boxed so that the common
/// value stays small (24 bytes).
///
/// Equality is exact, not numeric: `.int32(1)` differs from `.double(1)`, and doubles compare
/// by bit pattern (a NaN equals the same NaN, `0.0` differs from `-0.0`), so that two equal
/// values always encode to the same bytes. Query semantics live in the DocumentStore layer.
public enum BSONValue: Sendable {
    case double(Double)
    case string(String)
    case document(Document)
    case array([BSONValue])
    case binary(BSONBinary)
    case undefined
    case objectId(ObjectId)
    case bool(Bool)
    case datetime(BSONDateTime)
    case null
    indirect case regex(BSONRegex)
    indirect case dbPointer(BSONDBPointer)
    case javascript(String)
    case symbol(String)
    indirect case javascriptWithScope(BSONCodeWithScope)
    case int32(Int32)
    case timestamp(BSONTimestamp)
    case int64(Int64)
    case decimal128(Decimal128)
    case minKey
    case maxKey

    /// The element type byte this value is written with.
    public var type: BSONType {
        switch self {
        case .double: .double
        case .string: .string
        case .document: .document
        case .array: .array
        case .binary: .binary
        case .undefined: .undefined
        case .objectId: .objectId
        case .bool: .bool
        case .datetime: .datetime
        case .null: .null
        case .regex: .regex
        case .dbPointer: .dbPointer
        case .javascript: .javascript
        case .symbol: .symbol
        case .javascriptWithScope: .javascriptWithScope
        case .int32: .int32
        case .timestamp: .timestamp
        case .int64: .int64
        case .decimal128: .decimal128
        case .minKey: .minKey
        case .maxKey: .maxKey
        }
    }
}

extension BSONValue {
    /// The string, when this is a `.string`.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The embedded document, when this is a `.document`.
    public var documentValue: Document? {
        if case .document(let d) = self { return d }
        return nil
    }

    /// The elements, when this is an `.array`.
    public var arrayValue: [BSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The ObjectId, when this is an `.objectId`.
    public var objectIdValue: ObjectId? {
        if case .objectId(let o) = self { return o }
        return nil
    }

    /// A whole number stored as any numeric type (int32, int64, or a double with no fraction, as
    /// drivers in other languages often write counters), within `Int`'s range.
    public var integerValue: Int? {
        switch self {
        case .int32(let v): return Int(v)
        case .int64(let v): return Int(v)
        case .double(let v) where v.isFinite && v == v.rounded(.towardZero) && abs(v) < 9e18: return Int(v)
        default: return nil
        }
    }

    /// Any number as a double (int32, int64, double).
    public var numberValue: Double? {
        switch self {
        case .int32(let v): return Double(v)
        case .int64(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }

    /// The boolean, when this is a `.bool`.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The date-time, when this is a `.datetime`.
    public var datetimeValue: BSONDateTime? {
        if case .datetime(let d) = self { return d }
        return nil
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as an `Int64` when it is an int32, an int64, or a double holding a whole number
    /// that fits; `nil` otherwise.
    public var exactInt64: Int64? {
        switch self {
        case .int32(let v): return Int64(v)
        case .int64(let v): return v
        case .double(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    /// The value as a `Double` when it is numeric (int32, int64, double); `nil` otherwise.
    public var numericDouble: Double? {
        switch self {
        case .int32(let v): return Double(v)
        case .int64(let v): return Double(v)
        case .double(let d): return d
        default: return nil
        }
    }
}
