import BSON

extension QueryFilter {
    static func parseDocument(_ filter: Document, variables: [String: BSONValue] = [:]) throws -> Node {
        var nodes: [Node] = []
        for (key, value) in filter {
            if key.hasPrefix("$") {
                nodes.append(try parseLogical(key, value, variables: variables))
            } else {
                nodes.append(.field(try FieldPath(key), try parsePredicates(value)))
            }
        }
        return nodes.count == 1 ? nodes[0] : .all(nodes)
    }

    private static func parseLogical(_ key: String, _ value: BSONValue, variables: [String: BSONValue]) throws -> Node {
        switch key {
        case "$and", "$or", "$nor":
            guard case .array(let clauses) = value, !clauses.isEmpty else {
                throw StoreError.badValue("\(key) argument must be a non-empty array")
            }
            let nodes = try clauses.map { clause -> Node in
                guard case .document(let d) = clause else {
                    throw StoreError.badValue("\(key) argument's entries must be objects")
                }
                return try parseDocument(d, variables: variables)
            }
            switch key {
            case "$and": return .all(nodes)
            case "$or": return .any(nodes)
            default: return .none(nodes)
            }
        case "$comment":
            return .all([])
        case "$expr":
            // Unknown operators and variables are refused now, not at the first document.
            do {
                _ = try AggregationExpression.evaluate(value, in: [:], variables: variables)
            } catch let error as StoreError where [168, 17276].contains(error.code) {
                throw error
            } catch {}
            return .expression(value, variables)
        default:
            throw StoreError.badValue("unknown top level operator: \(key)")
        }
    }

    /// The predicates for one field: an operator document, or a literal to compare for equality.
    static func parsePredicates(_ value: BSONValue) throws -> [Predicate] {
        guard case .document(let d) = value, let firstKey = d.fieldNames.first, firstKey.hasPrefix("$") else {
            if case .regex(let r) = value { return [.regex(try CompiledRegex(r))] }
            return [.eq(value)]
        }
        var predicates: [Predicate] = []
        var regexOptions: String?
        var regexPattern: BSONValue?
        for (op, operand) in d {
            switch op {
            case "$regex": regexPattern = operand
            case "$options":
                guard case .string(let o) = operand else { throw StoreError.badValue("$options has to be a string") }
                regexOptions = o
            default: predicates.append(try parseOperator(op, operand))
            }
        }
        if let pattern = regexPattern {
            predicates.append(.regex(try regexOperand(pattern, options: regexOptions)))
        } else if regexOptions != nil {
            throw StoreError.badValue("$options needs a $regex")
        }
        return predicates
    }

    private static func regexOperand(_ pattern: BSONValue, options: String?) throws -> CompiledRegex {
        switch pattern {
        case .string(let p): return try CompiledRegex(BSONRegex(pattern: p, options: options ?? ""))
        case .regex(let r):
            if let options, !options.isEmpty, !r.options.isEmpty {
                throw StoreError.badValue("options set in both $regex and $options")
            }
            return try CompiledRegex(BSONRegex(pattern: r.pattern, options: options ?? r.options))
        default: throw StoreError.badValue("$regex has to be a string")
        }
    }

    private static func parseOperator(_ op: String, _ operand: BSONValue) throws -> Predicate {
        switch op {
        case "$eq": return .eq(operand)
        case "$ne": return .ne(operand)
        case "$gt": return .compare(.gt, operand)
        case "$gte": return .compare(.gte, operand)
        case "$lt": return .compare(.lt, operand)
        case "$lte": return .compare(.lte, operand)
        case "$in", "$nin":
            guard case .array(let values) = operand else { throw StoreError.badValue("\(op) needs an array") }
            var plain: [BSONValue] = []
            var regexes: [CompiledRegex] = []
            for v in values {
                if case .regex(let r) = v { regexes.append(try CompiledRegex(r)) } else { plain.append(v) }
            }
            return op == "$in" ? .isIn(plain, regexes) : .notIn(plain, regexes)
        case "$exists":
            return .exists(truthy(operand))
        case "$type":
            if case .array(let list) = operand {
                return .type(try list.flatMap(BSONTypeAlias.types))
            }
            return .type(try BSONTypeAlias.types(operand))
        case "$not":
            switch operand {
            case .regex(let r): return .not([.regex(try CompiledRegex(r))])
            case .document(let d) where !d.isEmpty:
                guard d.fieldNames.allSatisfy({ $0.hasPrefix("$") }) else { throw StoreError.badValue("$not needs a regex or a document") }
                return .not(try parsePredicates(operand))
            default: throw StoreError.badValue("$not needs a regex or a document")
            }
        case "$size":
            guard let n = operand.exactInt64, n >= 0, let size = Int(exactly: n) else {
                throw StoreError.badValue("$size needs a non-negative whole number")
            }
            return .size(size)
        case "$mod":
            guard case .array(let parts) = operand else { throw StoreError.badValue("malformed mod, needs to be an array") }
            guard parts.count >= 2 else { throw StoreError.badValue("malformed mod, not enough elements") }
            guard parts.count == 2 else { throw StoreError.badValue("malformed mod, too many elements") }
            let divisor = try modulusOperand(parts[0], "divisor")
            guard divisor != 0 else { throw StoreError.badValue("divisor cannot be 0") }
            return .mod(divisor: divisor, remainder: try modulusOperand(parts[1], "remainder"))
        case "$all":
            guard case .array(let values) = operand else { throw StoreError.badValue("$all needs an array") }
            return .all(values)
        case "$elemMatch":
            guard case .document(let d) = operand else { throw StoreError.badValue("$elemMatch needs an Object") }
            if let first = d.fieldNames.first, first.hasPrefix("$"), !["$and", "$or", "$nor"].contains(first) {
                return .elemMatchValue(try parsePredicates(operand))
            }
            return .elemMatchDocument(try parseDocument(d))
        default:
            throw StoreError.badValue("unknown operator: \(op)")
        }
    }

    /// MongoDB's truthiness for flags such as `$exists`: false, 0, null and undefined are false.
    static func truthy(_ value: BSONValue) -> Bool {
        switch value {
        case .bool(let b): return b
        case .null, .undefined: return false
        case .int32, .int64, .double, .decimal128: return BSONOrder.compare(value, .int32(0)) != 0
        default: return true
        }
    }

    /// A `$mod` operand as MongoDB takes it: a number, a fractional one cut toward zero.
    /// - Throws: 2 BadValue for a non-number, NaN, an infinity or a value past Int64.
    private static func modulusOperand(_ value: BSONValue, _ role: String) throws -> Int64 {
        switch value {
        case .int32(let v): return Int64(v)
        case .int64(let v): return v
        case .double(let d):
            guard let whole = Int64(exactly: d.rounded(.towardZero)) else {
                throw StoreError.badValue("malformed mod, \(role) value is invalid :: caused by :: Unable to coerce \(d) to an integer")
            }
            return whole
        default: throw StoreError.badValue("malformed mod, \(role) not a number")
        }
    }
}
