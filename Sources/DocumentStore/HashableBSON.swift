import BSON

/// A BSON value hashed and compared the way MongoDB compares keys: `1`, `1.0` and `Int64(1)` are
/// the same key, as are a string and a symbol of the same text. Used for `_id` look-ups, index
/// keys and `distinct`.
public struct HashableBSON: Hashable, Sendable {
    /// The value as stored.
    public let value: BSONValue

    public init(_ value: BSONValue) { self.value = value }

    public static func == (lhs: HashableBSON, rhs: HashableBSON) -> Bool {
        // Fast paths for the common key types; everything else by BSON order.
        switch (lhs.value, rhs.value) {
        case (.objectId(let a), .objectId(let b)): return a == b
        case (.int32(let a), .int32(let b)): return a == b
        case (.string(var a), .string(var b)):
            return a.withUTF8 { x in b.withUTF8 { y in x.elementsEqual(y) } }
        default: return BSONOrder.equal(lhs.value, rhs.value)
        }
    }

    public func hash(into hasher: inout Hasher) { HashableBSON.hash(value, into: &hasher) }

    private static func hash(_ value: BSONValue, into hasher: inout Hasher) {
        hasher.combine(BSONOrder.typeRank(value))
        switch value {
        case .int32(let i): hasher.combine(Double(i))
        case .int64(let i): hasher.combine(Double(i))
        case .double(let d): hasher.combine(d.isNaN ? Double.nan : d)
        case .decimal128(let d): hasher.combine(Double(d.description) ?? 0)
        case .string(let s), .symbol(let s):
            // Equality is byte-wise UTF-8, so hash the bytes (cheaper than String's
            // normalising hash).
            var text = s
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hasher.combine(0xFF as UInt8)
        case .document(let d):
            for (k, v) in d {
                hasher.combine(k)
                hash(v, into: &hasher)
            }
        case .array(let a):
            for v in a { hash(v, into: &hasher) }
        default: hasher.combine(value)
        }
    }
}
