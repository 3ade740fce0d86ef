extension BSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }

    /// Integer literals become int32 when they fit, int64 otherwise (as MongoDB's shell and
    /// Python's driver store them).
    public init(integerLiteral value: Int) { self = BSONValue(value) }

    public init(floatLiteral value: Double) { self = .double(value) }

    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public init(arrayLiteral elements: BSONValue...) { self = .array(elements) }

    public init(dictionaryLiteral elements: (String, BSONValue)...) {
        var document = Document()
        for (key, value) in elements { document.append(key, value) }
        self = .document(document)
    }

    public init(nilLiteral: ()) { self = .null }

    /// An integer as int32 when it fits, int64 otherwise.
    public init(_ value: Int) {
        if let small = Int32(exactly: value) { self = .int32(small) } else { self = .int64(Int64(value)) }
    }
}
