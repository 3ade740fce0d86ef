import BSON

extension QueryFilter {
    static func evaluate(_ node: Node, _ document: Document) throws -> Bool {
        switch node {
        case .all(let nodes): return try nodes.allSatisfy { try evaluate($0, document) }
        case .any(let nodes): return try nodes.contains { try evaluate($0, document) }
        case .none(let nodes): return try !nodes.contains { try evaluate($0, document) }
        case .field(let path, let predicates):
            let candidates = path.candidates(in: document)
            return try predicates.allSatisfy { try holds($0, candidates) }
        case .expression(let expression, let variables):
            return AggregationExpression.truthy(try AggregationExpression.evaluate(expression, in: document, variables: variables))
        }
    }

    static func holds(_ predicate: Predicate, _ values: [BSONValue?]) throws -> Bool {
        try holds(predicate, values.count == 1 ? .one(values[0]) : .many(values))
    }

    static func holds(_ predicate: Predicate, _ candidates: Candidates) throws -> Bool {
        switch predicate {
        case .eq(let x):
            if case .regex(let r) = x, let compiled = try? CompiledRegex(r) {
                return try candidates.contains { try regexMatches($0, compiled) || equalsWithExpansion($0, x) }
            }
            return candidates.contains { equalsWithExpansion($0, x) }
        case .ne(let x):
            return try !holds(.eq(x), candidates)
        case .compare(let op, let x):
            return try candidates.contains { candidate in
                let c = candidate ?? .null
                if comparisonHolds(c, op, x) { return true }
                if case .array(let elements) = c { return elements.contains { comparisonHolds($0, op, x) } }
                return false
            }
        case .isIn(let values, let regexes):
            return try candidates.contains { c in
                try values.contains { equalsWithExpansion(c, $0) } || regexes.contains { try regexMatches(c, $0) }
            }
        case .notIn(let values, let regexes):
            return try !holds(.isIn(values, regexes), candidates)
        case .exists(let expected):
            return candidates.contains { $0 != nil } == expected
        case .type(let types):
            return try candidates.contains { candidate in
                guard let c = candidate else { return false }
                if types.contains(c.type) { return true }
                if case .array(let elements) = c { return elements.contains { types.contains($0.type) } }
                return false
            }
        case .regex(let r):
            return try candidates.contains { try regexMatches($0, r) }
        case .not(let predicates):
            return try !predicates.allSatisfy { try holds($0, candidates) }
        case .size(let n):
            return candidates.contains { if case .array(let a) = $0 { return a.count == n } else { return false } }
        case .mod(let divisor, let remainder):
            return candidates.contains { candidate in
                if case .array(let elements)? = candidate { return elements.contains { modulusHolds($0, divisor, remainder) } }
                return candidate.map { modulusHolds($0, divisor, remainder) } ?? false
            }
        case .all(let values):
            return try !values.isEmpty && values.allSatisfy { v in try holds(.eq(v), candidates) }
        case .elemMatchValue(let predicates):
            return try candidates.contains { c in
                guard case .array(let elements) = c else { return false }
                return try elements.contains { e in try predicates.allSatisfy { try holds($0, [e]) } }
            }
        case .elemMatchDocument(let node):
            return try candidates.contains { c in
                guard case .array(let elements) = c else { return false }
                return try elements.contains { e in
                    if case .document(let d) = e { return try evaluate(node, d) }
                    return false
                }
            }
        }
    }

    /// Equality with MongoDB's array semantics: the value itself, or any element of an array
    /// value, equals the operand; a missing field equals null.
    static func equalsWithExpansion(_ candidate: BSONValue?, _ operand: BSONValue) -> Bool {
        guard let c = candidate else { return operand.isNull }
        if BSONOrder.equal(c, operand) { return true }
        if case .array(let elements) = c { return elements.contains { BSONOrder.equal($0, operand) } }
        return false
    }

    /// `$gt`-style comparison with type bracketing: only values of the same type class compare.
    static func comparisonHolds(_ value: BSONValue, _ op: Comparison, _ operand: BSONValue) -> Bool {
        guard BSONOrder.typeRank(value) == BSONOrder.typeRank(operand) else { return false }
        if case .double(let d) = value, d.isNaN { return false }
        if case .double(let d) = operand, d.isNaN { return false }
        let c = BSONOrder.compare(value, operand)
        switch op {
        case .gt: return c > 0
        case .gte: return c >= 0
        case .lt: return c < 0
        case .lte: return c <= 0
        }
    }

    /// Whether a number, cut toward zero, leaves `remainder` divided by `divisor` (the sign of
    /// the dividend, as in C); anything but a finite number in Int64's range does not match.
    static func modulusHolds(_ value: BSONValue, _ divisor: Int64, _ remainder: Int64) -> Bool {
        let dividend: Int64
        switch value {
        case .int32(let v): dividend = Int64(v)
        case .int64(let v): dividend = v
        case .double(let d):
            guard let whole = Int64(exactly: d.rounded(.towardZero)) else { return false }
            dividend = whole
        default: return false
        }
        // Int64.min % -1 overflows (and traps); its remainder is 0.
        let (result, overflow) = dividend.remainderReportingOverflow(dividingBy: divisor)
        return (overflow ? 0 : result) == remainder
    }

    static func regexMatches(_ candidate: BSONValue?, _ regex: CompiledRegex) throws -> Bool {
        switch candidate {
        case .string(let s)?, .symbol(let s)?: return try regex.matches(s)
        case .regex(let r)?: return r == regex.source
        case .array(let elements)?: return try elements.contains { try regexMatches($0, regex) }
        default: return false
        }
    }
}
