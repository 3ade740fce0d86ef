import BSON

/// What `$pull` removes: elements equal to a value, elements satisfying an operator document
/// (`{$gte: 6}`), or document elements matching a query (`{score: {$lt: 5}}`).
struct PullMatcher {
    private enum Rule {
        case equal(BSONValue)
        case predicates([QueryFilter.Predicate])
        case query(QueryFilter)
    }

    private let rule: Rule

    init(_ operand: BSONValue) throws {
        if case .document(let d) = operand, let first = d.fieldNames.first {
            if first.hasPrefix("$") && !["$and", "$or", "$nor"].contains(first) {
                rule = .predicates(try QueryFilter.parsePredicates(operand))
            } else {
                rule = .query(try QueryFilter(d))
            }
        } else {
            rule = .equal(operand)
        }
    }

    func matches(_ element: BSONValue) throws -> Bool {
        switch rule {
        case .equal(let v): return BSONOrder.equal(element, v)
        case .predicates(let predicates): return try predicates.allSatisfy { try QueryFilter.holds($0, [element]) }
        case .query(let filter):
            if case .document(let d) = element { return try filter.matches(d) }
            return false
        }
    }
}
