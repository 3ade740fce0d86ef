import CLibBSON

/// An IEEE 754-2008 128-bit decimal, stored as its two 64-bit halves. Text conversion is
/// libbson's, which follows the BSON decimal128 specification exactly.
public struct Decimal128: Sendable, Hashable, CustomStringConvertible {
    /// The low 64 bits.
    public let low: UInt64
    /// The high 64 bits (sign, combination field, exponent continuation).
    public let high: UInt64

    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Parses decimal text (`"1.5"`, `"-0.0E+3"`, `"Infinity"`, `"NaN"`).
    /// - Throws: `BSONError` of kind `.invalidValue` for text that is not a representable decimal.
    public init(_ text: String) throws {
        var value = bson_decimal128_t()
        let ok = text.withCString { bson_decimal128_from_string($0, &value) }
        guard ok, !text.utf8.contains(0) else {
            throw BSONError(.invalidValue, "'\(text)' is not a valid Decimal128 value")
        }
        self.init(low: value.low, high: value.high)
    }

    /// The canonical string form of the BSON decimal128 specification.
    public var description: String {
        var value = bson_decimal128_t(low: low, high: high)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(BSON_DECIMAL128_STRING)) { buffer -> String in
            guard let base = buffer.baseAddress else { return "NaN" }
            bson_decimal128_to_string(&value, base)
            return String(cString: base)
        }
    }
}
