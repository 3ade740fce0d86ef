import BSON
import DocumentStore

/// Aggregation expressions: field paths (`"$a.b"`, `"$$ROOT"`), literals, documents and arrays of
/// expressions, and a small set of operators.
enum AggregationExpression {
    /// The value of `expression` for `document`; `nil` when it names a missing field.
    static func evaluate(_ expression: BSONValue, in document: Document) throws -> BSONValue? {
        switch expression {
        case .string(let text) where text.hasPrefix("$$"):
            guard text == "$$ROOT" || text == "$$CURRENT" || text.hasPrefix("$$ROOT.") || text.hasPrefix("$$CURRENT.") else {
                throw WireCommandError.notImplemented("the variable \(text)")
            }
            let rest = text.drop { $0 != "." }.dropFirst()
            return rest.isEmpty ? .document(document) : path(String(rest), in: document)
        case .string(let text) where text.hasPrefix("$"):
            return path(String(text.dropFirst()), in: document)
        case .document(let d) where d.count == 1 && (d.firstField?.key.hasPrefix("$") ?? false):
            guard let (op, argument) = d.firstField else { return nil }
            return try apply(op, argument, in: document)
        case .document(let d):
            var out = Document()
            for (key, value) in d { if let result = try evaluate(value, in: document) { out[key] = result } }
            return .document(out)
        case .array(let items):
            return .array(try items.map { try evaluate($0, in: document) ?? .null })
        default:
            return expression
        }
    }

    /// A dotted path's value as aggregation reads it: through arrays of documents, collecting
    /// each element's value (`"$people.city"` of `[{city: a}, {city: b}]` is `[a, b]`; elements
    /// without the field are left out, inner arrays are kept as they are).
    static func path(_ dotted: String, in document: Document) -> BSONValue? {
        var current: BSONValue? = .document(document)
        for key in dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            switch current {
            case .document(let d)?: current = d[key]
            case .array(let items)?:
                current = .array(items.compactMap { $0.documentValue?[key] })
            default: return nil
            }
        }
        return current
    }

    private static func arguments(_ argument: BSONValue, in document: Document) throws -> [BSONValue?] {
        if case .array(let items) = argument { return try items.map { try evaluate($0, in: document) } }
        return [try evaluate(argument, in: document)]
    }

    private static func apply(_ op: String, _ argument: BSONValue, in document: Document) throws -> BSONValue? {
        if op == "$literal" { return argument }
        let values = try arguments(argument, in: document)
        func number(_ index: Int) -> Double? { values.indices.contains(index) ? values[index]?.numberValue : nil }
        func allIntegers() -> Bool { values.allSatisfy { if case .int32? = $0 { true } else if case .int64? = $0 { true } else { false } } }
        func numeric(_ value: Double) -> BSONValue {
            allIntegers() && value.magnitude < 9e15 ? (value.magnitude <= Double(Int32.max) ? .int32(Int32(value)) : .int64(Int64(value))) : .double(value)
        }
        switch op {
        case "$add", "$sum":
            let items = values.count == 1 ? (values[0]?.arrayValue ?? values.compactMap { $0 }) : values.compactMap { $0 }
            return numeric(items.compactMap(\.numberValue).reduce(0, +))
        case "$multiply": return numeric(values.compactMap { $0?.numberValue }.reduce(1, *))
        case "$subtract":
            guard let a = number(0), let b = number(1) else { return .null }
            return numeric(a - b)
        case "$divide":
            guard let a = number(0), let b = number(1) else { return .null }
            guard b != 0 else { throw WireCommandError(code: 2, codeName: "BadValue", message: "can't $divide by zero") }
            return .double(a / b)
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
            guard case .array(let items)? = values.first ?? nil else { throw WireCommandError.typeMismatch("The argument to $size must be an array") }
            return .int32(Int32(items.count))
        case "$ifNull": return values.first { $0 != nil && !($0?.isNull ?? true) } ?? values.last ?? nil
        case "$eq", "$ne", "$gt", "$gte", "$lt", "$lte":
            guard values.count == 2 else { throw WireCommandError.badValue("\(op) takes exactly 2 arguments") }
            let c = BSONOrder.compare(values[0] ?? .null, values[1] ?? .null)
            let result = ["$eq": c == 0, "$ne": c != 0, "$gt": c > 0, "$gte": c >= 0, "$lt": c < 0, "$lte": c <= 0][op] ?? false
            return .bool(result)
        case "$cond":
            let parts: [BSONValue]
            if case .document(let d) = argument { parts = [d["if"] ?? .null, d["then"] ?? .null, d["else"] ?? .null] } else { parts = argument.arrayValue ?? [] }
            guard parts.count == 3 else { throw WireCommandError.badValue("$cond needs if, then and else") }
            return try truthy(evaluate(parts[0], in: document)) ? evaluate(parts[1], in: document) : evaluate(parts[2], in: document)
        default:
            throw WireCommandError(code: 168, codeName: "InvalidPipelineOperator", message: "Unrecognized expression '\(op)'")
        }
    }

    static func truthy(_ value: BSONValue?) -> Bool {
        switch value {
        case nil, .null?, .undefined?, .bool(false)?: return false
        case let number? where number.numberValue != nil: return number.numberValue != 0
        default: return true
        }
    }
}
