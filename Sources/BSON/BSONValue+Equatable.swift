extension BSONValue: Hashable {
    public static func == (lhs: BSONValue, rhs: BSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): return a.bytewiseEquals(b)
        case (.document(let a), .document(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.binary(let a), .binary(let b)): return a == b
        case (.undefined, .undefined), (.null, .null), (.minKey, .minKey), (.maxKey, .maxKey): return true
        case (.objectId(let a), .objectId(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.datetime(let a), .datetime(let b)): return a == b
        case (.regex(let a), .regex(let b)): return a == b
        case (.dbPointer(let a), .dbPointer(let b)): return a == b
        case (.javascript(let a), .javascript(let b)): return a.bytewiseEquals(b)
        case (.symbol(let a), .symbol(let b)): return a.bytewiseEquals(b)
        case (.javascriptWithScope(let a), .javascriptWithScope(let b)): return a == b
        case (.int32(let a), .int32(let b)): return a == b
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.int64(let a), .int64(let b)): return a == b
        case (.decimal128(let a), .decimal128(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type.rawValue)
        switch self {
        case .double(let d): hasher.combine(d.bitPattern)
        case .string(let s), .javascript(let s), .symbol(let s): hasher.combine(s)
        case .document(let d): hasher.combine(d)
        case .array(let a): hasher.combine(a)
        case .binary(let b): hasher.combine(b)
        case .undefined, .null, .minKey, .maxKey: break
        case .objectId(let o): hasher.combine(o)
        case .bool(let b): hasher.combine(b)
        case .datetime(let d): hasher.combine(d)
        case .regex(let r): hasher.combine(r)
        case .dbPointer(let p): hasher.combine(p)
        case .javascriptWithScope(let c): hasher.combine(c)
        case .int32(let i): hasher.combine(i)
        case .timestamp(let t): hasher.combine(t)
        case .int64(let i): hasher.combine(i)
        case .decimal128(let d): hasher.combine(d)
        }
    }
}
