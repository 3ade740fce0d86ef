import BSON

/// The aggregation operators that work on their arguments' values (evaluated already):
/// arithmetic, comparison, `$not`, `$in`, `$ifNull`, strings and arrays.
enum AggregationOperators {
    static func apply(_ op: String, _ values: [BSONValue?]) throws -> BSONValue? {
        func number(_ index: Int) -> Double? { values.indices.contains(index) ? values[index]?.numberValue : nil }
        func anyNull() -> Bool { values.contains { $0 == nil || $0?.isNull == true } }
        switch op {
        case "$add", "$sum":
            let items = values.count == 1 ? (values[0]?.arrayValue ?? values.compactMap { $0 }) : values.compactMap { $0 }
            if op == "$add", anyNull() { return .null }
            return numeric(items.compactMap(\.numberValue).reduce(0, +), integers: items)
        case "$multiply":
            if anyNull() { return .null }
            return numeric(values.compactMap { $0?.numberValue }.reduce(1, *), integers: values.compactMap { $0 })
        case "$subtract":
            guard let a = number(0), let b = number(1) else { return .null }
            return numeric(a - b, integers: values.compactMap { $0 })
        case "$divide":
            guard let a = number(0), let b = number(1) else { return .null }
            guard b != 0 else { throw StoreError(code: 2, codeName: "BadValue", message: "can't $divide by zero") }
            return .double(a / b)
        case "$mod":
            guard let a = number(0), let b = number(1) else { return .null }
            guard b != 0 else { throw StoreError(code: 16610, codeName: "Location16610", message: "can't $mod by zero") }
            return numeric(a.truncatingRemainder(dividingBy: b), integers: values.compactMap { $0 })
        case "$abs":
            guard let a = number(0) else { return .null }
            return numeric(a.magnitude, integers: values.compactMap { $0 })
        case "$concat":
            var text = ""
            for value in values {
                guard case .string(let part)? = value else { return .null }
                text += part
            }
            return .string(text)
        case "$toUpper": return .string((values.first??.stringValue ?? "").uppercased())
        case "$toLower": return .string((values.first??.stringValue ?? "").lowercased())
        case "$size":
            guard case .array(let items)? = values.first ?? nil else { throw StoreError.typeMismatch("The argument to $size must be an array") }
            return .int32(Int32(clamping: items.count))
        case "$ifNull": return values.first { $0 != nil && !($0?.isNull ?? true) } ?? values.last ?? nil
        case "$not": return .bool(!AggregationExpression.truthy(values.first ?? nil))
        case "$in":
            guard values.count == 2 else { throw StoreError.badValue("Expression $in takes exactly 2 arguments") }
            guard case .array(let items)? = values[1] else { throw StoreError(code: 40081, codeName: "Location40081", message: "$in requires an array as a second argument") }
            let needle = values[0] ?? .null
            return .bool(items.contains { BSONOrder.compare($0, needle) == 0 })
        case "$arrayElemAt":
            guard values.count == 2, case .array(let items)? = values[0], let index = values[1]?.numberValue, index == index.rounded(), index.magnitude < 1e15 else { return .null }
            let position = index < 0 ? items.count + Int(index) : Int(index)
            return items.indices.contains(position) ? items[position] : nil
        case "$concatArrays":
            var out: [BSONValue] = []
            for value in values {
                guard case .array(let items)? = value else { return .null }
                out += items
            }
            return .array(out)
        case "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$cmp":
            guard values.count == 2 else { throw StoreError.badValue("Expression \(op) takes exactly 2 arguments") }
            let c = BSONOrder.compare(values[0] ?? .null, values[1] ?? .null)
            if op == "$cmp" { return .int32(Int32(c.signum())) }
            let result = ["$eq": c == 0, "$ne": c != 0, "$gt": c > 0, "$gte": c >= 0, "$lt": c < 0, "$lte": c <= 0][op] ?? false
            return .bool(result)
        default:
            throw StoreError(code: 168, codeName: "InvalidPipelineOperator", message: "Unrecognized expression '\(op)'")
        }
    }

    /// A result of arithmetic: an integer type when every operand is one and it fits, else a double.
    private static func numeric(_ value: Double, integers operands: [BSONValue]) -> BSONValue {
        let allIntegers = operands.allSatisfy { if case .int32 = $0 { true } else if case .int64 = $0 { true } else { false } }
        guard allIntegers, value.magnitude < 9e15 else { return .double(value) }
        let wide = operands.contains { if case .int64 = $0 { true } else { false } }
        if !wide, value.magnitude <= Double(Int32.max) { return .int32(Int32(value)) }
        return .int64(Int64(value))
    }
}
