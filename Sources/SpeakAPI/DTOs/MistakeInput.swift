import BSON

/// Typed members of the mistakes routes' bodies and queries, with FastAPI's 422 issues.
enum MistakeInput {
    /// An optional integer member within bounds.
    static func integer(_ body: [String: JSONValue], _ key: String, in range: ClosedRange<Int>, issues: inout [ValidationIssue]) -> Int? {
        switch body[key] {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let value = Int(text) ?? Double(text).flatMap({ $0 == $0.rounded() ? Int(exactly: $0) : nil }) else {
                issues.append(ValidationIssue(type: "int_from_float", loc: ["body", key], msg: "Input should be a valid integer", input: text))
                return nil
            }
            guard range.contains(value) else {
                issues.append(.invalid(["body", key], "Input should be between \(range.lowerBound) and \(range.upperBound)", input: text))
                return nil
            }
            return value
        default:
            issues.append(ValidationIssue(type: "int_type", loc: ["body", key], msg: "Input should be a valid integer"))
            return nil
        }
    }

    /// An optional number member within bounds.
    static func number(_ body: [String: JSONValue], _ key: String, in range: ClosedRange<Double>, issues: inout [ValidationIssue]) -> Double? {
        switch body[key] {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                issues.append(.invalid(["body", key], "Input should be a number from \(range.lowerBound) to \(range.upperBound)", input: text))
                return nil
            }
            return value
        default:
            issues.append(ValidationIssue(type: "float_type", loc: ["body", key], msg: "Input should be a valid number"))
            return nil
        }
    }

    /// The first present boolean member among `keys`.
    static func flag(_ body: [String: JSONValue], _ keys: [String], issues: inout [ValidationIssue]) -> Bool? {
        for key in keys {
            switch body[key] {
            case nil, .null?: continue
            case .bool(let value)?: return value
            default:
                issues.append(ValidationIssue(type: "bool_type", loc: ["body", key], msg: "Input should be a valid boolean"))
                return nil
            }
        }
        return nil
    }

    /// An optional boolean query parameter (`true/false/1/0/yes/no`).
    static func bool(_ text: String?, _ name: String) throws -> Bool? {
        guard let text, !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            throw RequestValidationError([ValidationIssue(type: "bool_parsing", loc: ["query", name], msg: "Input should be a valid boolean, unable to interpret input", input: text)])
        }
    }
}
