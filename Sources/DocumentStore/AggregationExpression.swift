import BSON
import Foundation

/// Aggregation expressions, as `$expr`, pipeline updates and the wire's aggregation stages use
/// them: field paths (`"$a.b"`), variables (`"$$ROOT"`, `"$$CURRENT"`, `"$$NOW"`, `"$$REMOVE"`
/// and those a command's `let` defines), literals, documents and arrays of expressions, and a
/// set of operators (arithmetic, comparison, boolean, `$cond`, `$ifNull`, strings, arrays).
public enum AggregationExpression {
    /// The value of `expression` for `document`; `nil` when it names a missing field (or is
    /// `$$REMOVE`).
    /// - Throws: `StoreError` with MongoDB's codes for unknown operators (168) and variables
    ///   (17276), bad arguments and division by zero.
    public static func evaluate(_ expression: BSONValue, in document: Document, variables: [String: BSONValue] = [:]) throws -> BSONValue? {
        switch expression {
        case .string(let text) where text.hasPrefix("$$"):
            return try variable(String(text.dropFirst(2)), in: document, variables: variables)
        case .string(let text) where text.hasPrefix("$"):
            return path(String(text.dropFirst()), in: document)
        case .document(let d) where d.count == 1 && (d.firstField?.key.hasPrefix("$") ?? false):
            guard let (op, argument) = d.firstField else { return nil }
            return try apply(op, argument, in: document, variables: variables)
        case .document(let d):
            var out = Document()
            for (key, value) in d {
                if let result = try evaluate(value, in: document, variables: variables) { out[key] = result }
            }
            return .document(out)
        case .array(let items):
            return .array(try items.map { try evaluate($0, in: document, variables: variables) ?? .null })
        default:
            return expression
        }
    }

    /// `$$name` or `$$name.path`.
    private static func variable(_ reference: String, in document: Document, variables: [String: BSONValue]) throws -> BSONValue? {
        let name = String(reference.prefix { $0 != "." })
        let rest = reference.dropFirst(name.count).dropFirst()
        let base: BSONValue?
        switch name {
        case "ROOT", "CURRENT": base = .document(document)
        case "NOW": base = .datetime(BSONDateTime(Date()))
        case "REMOVE": return nil
        default:
            guard let value = variables[name] else {
                throw StoreError(code: 17276, codeName: "Location17276", message: "Use of undefined variable: \(name)")
            }
            base = value
        }
        guard !rest.isEmpty else { return base }
        guard case .document(let d)? = base else { return nil }
        return path(String(rest), in: d)
    }

    /// A dotted path's value as aggregation reads it: through arrays of documents, collecting
    /// each element's value (`"$people.city"` of `[{city: a}, {city: b}]` is `[a, b]`; elements
    /// without the field are left out, inner arrays are kept as they are).
    public static func path(_ dotted: String, in document: Document) -> BSONValue? {
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

    /// Whether a value counts as true (`$cond`, `$expr`, `$and`, …): not null, missing, false or zero.
    public static func truthy(_ value: BSONValue?) -> Bool {
        switch value {
        case nil, .null?, .undefined?, .bool(false)?: return false
        case let number? where number.numberValue != nil: return number.numberValue != 0
        default: return true
        }
    }

    /// `$getField`, `$setField`, `$unsetField`: a field named by a constant string that may hold
    /// dots or start with `$` (which paths cannot name), read, set or removed in `input`
    /// (default `$$CURRENT`).
    private static func field(_ op: String, _ argument: BSONValue, in document: Document, variables: [String: BSONValue]) throws -> BSONValue? {
        let spec: Document
        if case .document(let d) = argument, d["field"] != nil {
            spec = d
        } else {
            guard op == "$getField" else { throw StoreError(code: 4161101, codeName: "Location4161101", message: "\(op) only supports an object as its argument") }
            spec = ["field": argument]
        }
        guard case .string(let name)? = try spec["field"].map({ try evaluate($0, in: document, variables: variables) }) ?? nil else {
            throw StoreError(code: 4161106, codeName: "Location4161106", message: "\(op) requires 'field' to evaluate to type String")
        }
        let input = try evaluate(spec["input"] ?? "$$CURRENT", in: document, variables: variables)
        switch op {
        case "$getField":
            guard case .document(let d)? = input else { return nil }
            return d[name]
        default:
            guard let input, !input.isNull else { return .null }
            guard case .document(var d) = input else {
                throw StoreError(code: 4161105, codeName: "Location4161105", message: "\(op) requires 'input' to evaluate to type Object")
            }
            if op == "$unsetField" {
                _ = d.removeValue(forKey: name)
            } else if let value = try spec["value"].map({ try evaluate($0, in: document, variables: variables) }) ?? nil {
                d[name] = value
            } else {
                _ = d.removeValue(forKey: name)
            }
            return .document(d)
        }
    }

    private static func arguments(_ argument: BSONValue, in document: Document, variables: [String: BSONValue]) throws -> [BSONValue?] {
        if case .array(let items) = argument { return try items.map { try evaluate($0, in: document, variables: variables) } }
        return [try evaluate(argument, in: document, variables: variables)]
    }

    private static func apply(_ op: String, _ argument: BSONValue, in document: Document, variables: [String: BSONValue]) throws -> BSONValue? {
        switch op {
        case "$literal": return argument
        case "$cond":
            let parts: [BSONValue]
            if case .document(let d) = argument { parts = [d["if"] ?? .null, d["then"] ?? .null, d["else"] ?? .null] } else { parts = argument.arrayValue ?? [] }
            guard parts.count == 3 else { throw StoreError.badValue("$cond needs if, then and else") }
            let condition = try evaluate(parts[0], in: document, variables: variables)
            return try evaluate(truthy(condition) ? parts[1] : parts[2], in: document, variables: variables)
        case "$getField", "$setField", "$unsetField":
            return try field(op, argument, in: document, variables: variables)
        case "$and", "$or":
            // Short-circuits, as MongoDB does.
            for item in argument.arrayValue ?? [argument] {
                let holds = truthy(try evaluate(item, in: document, variables: variables))
                if op == "$and" && !holds { return .bool(false) }
                if op == "$or" && holds { return .bool(true) }
            }
            return .bool(op == "$and")
        default:
            let values = try arguments(argument, in: document, variables: variables)
            return try AggregationOperators.apply(op, values)
        }
    }
}
