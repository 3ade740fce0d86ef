import BSON

/// MongoDB's total order over BSON values, used by comparisons and sorts: first by type class
/// (MinKey < null < numbers < strings < objects < arrays < binary < ObjectId < bool < date <
/// timestamp < regex < MaxKey), then by value. int32, int64, double and decimal128 compare as
/// numbers; NaN sorts below every other number and equals itself.
public enum BSONOrder {
    /// The rank of a value's type class in MongoDB's comparison order.
    public static func typeRank(_ value: BSONValue) -> Int {
        switch value {
        case .minKey: return 1
        case .null, .undefined: return 2
        case .int32, .int64, .double, .decimal128: return 3
        case .string, .symbol: return 4
        case .document: return 5
        case .array: return 6
        case .binary: return 7
        case .objectId: return 8
        case .bool: return 9
        case .datetime: return 10
        case .timestamp: return 11
        case .regex: return 12
        case .dbPointer: return 13
        case .javascript: return 14
        case .javascriptWithScope: return 15
        case .maxKey: return 100
        }
    }

    /// Compares two values: negative, zero or positive.
    public static func compare(_ a: BSONValue, _ b: BSONValue) -> Int {
        let ra = typeRank(a)
        let rb = typeRank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        // Numbers first: the commonest comparison, and one the pairs below need not be tried for.
        if ra == 3 { return compareNumbers(a, b) }
        switch (a, b) {
        case (.string(let x), .string(let y)), (.string(let x), .symbol(let y)), (.symbol(let x), .string(let y)),
            (.symbol(let x), .symbol(let y)):
            return compareUTF8(x, y)
        case (.document(let x), .document(let y)): return compareDocuments(x, y)
        case (.array(let x), .array(let y)): return compareArrays(x, y)
        case (.binary(let x), .binary(let y)):
            if x.data.count != y.data.count { return x.data.count < y.data.count ? -1 : 1 }
            if x.subtype != y.subtype { return x.subtype < y.subtype ? -1 : 1 }
            return compareBytes(x.data, y.data)
        case (.objectId(let x), .objectId(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.datetime(let x), .datetime(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.timestamp(let x), .timestamp(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.regex(let x), .regex(let y)):
            let p = compareUTF8(x.pattern, y.pattern)
            return p != 0 ? p : compareUTF8(x.options, y.options)
        case (.dbPointer(let x), .dbPointer(let y)):
            let n = compareUTF8(x.namespace, y.namespace)
            return n != 0 ? n : (x.id == y.id ? 0 : (x.id < y.id ? -1 : 1))
        case (.javascript(let x), .javascript(let y)): return compareUTF8(x, y)
        case (.javascriptWithScope(let x), .javascriptWithScope(let y)):
            let c = compareUTF8(x.code, y.code)
            return c != 0 ? c : compareDocuments(x.scope, y.scope)
        default:
            return 0  // same class with no payload: null/undefined, minKey, maxKey
        }
    }

    /// Whether two values are equal under MongoDB's comparison (1 == 1.0, "a" == symbol "a").
    public static func equal(_ a: BSONValue, _ b: BSONValue) -> Bool { compare(a, b) == 0 }

    static func compareUTF8(_ a: String, _ b: String) -> Int {
        var ia = a.utf8.makeIterator()
        var ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    private static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    private static func compareDocuments(_ a: Document, _ b: Document) -> Int {
        var ia = a.makeIterator()
        var ib = b.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                let rank = typeRank(x.value) - typeRank(y.value)
                if rank != 0 { return rank < 0 ? -1 : 1 }
                let key = compareUTF8(x.key, y.key)
                if key != 0 { return key }
                let value = compare(x.value, y.value)
                if value != 0 { return value }
            }
        }
    }

    private static func compareArrays(_ a: [BSONValue], _ b: [BSONValue]) -> Int {
        for (x, y) in zip(a, b) {
            let c = compare(x, y)
            if c != 0 { return c }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// Numbers across int32, int64, double and decimal128, exactly for the integer types.
    static func compareNumbers(_ a: BSONValue, _ b: BSONValue) -> Int {
        switch (a, b) {
        case (.int32(let x), .int32(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.int64, .int64), (.int32, .int64), (.int64, .int32):
            let x = a.exactInt64 ?? 0
            let y = b.exactInt64 ?? 0
            return x == y ? 0 : (x < y ? -1 : 1)
        default:
            return compareMixed(numericValue(a), numericValue(b))
        }
    }

    private enum Numeric {
        case integer(Int64)
        case real(Double)
    }

    private static func numericValue(_ v: BSONValue) -> Numeric {
        switch v {
        case .int32(let x): return .integer(Int64(x))
        case .int64(let x): return .integer(x)
        case .double(let d): return .real(d)
        case .decimal128(let d): return .real(Double(d.description) ?? .nan)
        default: return .real(.nan)
        }
    }

    private static func compareMixed(_ a: Numeric, _ b: Numeric) -> Int {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.real(let x), .real(let y)): return compareDoubles(x, y)
        case (.integer(let x), .real(let y)): return -compareDoubleToInt(y, x)
        case (.real(let x), .integer(let y)): return compareDoubleToInt(x, y)
        }
    }

    private static func compareDoubles(_ x: Double, _ y: Double) -> Int {
        if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? 0 : -1) : 1 }
        return x == y ? 0 : (x < y ? -1 : 1)
    }

    /// A double against an int64 without losing precision for large integers.
    private static func compareDoubleToInt(_ d: Double, _ i: Int64) -> Int {
        if d.isNaN { return -1 }
        if d >= 9_223_372_036_854_775_808.0 { return 1 }
        if d < -9_223_372_036_854_775_808.0 { return -1 }
        let truncated = Int64(d.rounded(.towardZero))
        if truncated != i { return truncated < i ? -1 : 1 }
        let fraction = d - d.rounded(.towardZero)
        return fraction == 0 ? 0 : (fraction < 0 ? -1 : 1)
    }
}
