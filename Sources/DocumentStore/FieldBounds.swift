import BSON

/// What a filter says about one field's values, for choosing an index scan. Bounds are a
/// superset of what the filter matches (the matcher re-checks every candidate), never a subset.
public enum FieldBounds: Sendable, Equatable {
    /// The field equals one of these values (plain equality or `$in`).
    case points([BSONValue])
    /// The field lies in a range of values of one type class (`$gt`/`$gte`/`$lt`/`$lte`, which
    /// compare within a type class only): a `nil` end is open to the class's end.
    case range(ValueRange)

    /// Whether a document missing the field could match (a sparse index cannot serve it).
    public var admitsMissing: Bool {
        switch self {
        case .points(let values): return values.contains { BSONOrder.typeRank($0) == BSONOrder.typeRank(.null) }
        case .range: return false
        }
    }
}

/// A range of values of one type class (`typeRank`), each end open or closed.
public struct ValueRange: Sendable, Equatable {
    public var typeRank: Int
    public var lower: BSONValue?
    public var lowerInclusive: Bool
    public var upper: BSONValue?
    public var upperInclusive: Bool

    public init(typeRank: Int, lower: BSONValue? = nil, lowerInclusive: Bool = true, upper: BSONValue? = nil, upperInclusive: Bool = true) {
        self.typeRank = typeRank
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// The narrower of two ranges of the same class (for a field that cannot hold arrays).
    func intersected(with other: ValueRange) -> ValueRange {
        guard other.typeRank == typeRank else { return self }
        var result = self
        if let low = other.lower {
            if let current = result.lower {
                let c = BSONOrder.compare(low, current)
                if c > 0 || (c == 0 && !other.lowerInclusive) {
                    result.lower = low
                    result.lowerInclusive = other.lowerInclusive
                }
            } else {
                result.lower = low
                result.lowerInclusive = other.lowerInclusive
            }
        }
        if let high = other.upper {
            if let current = result.upper {
                let c = BSONOrder.compare(high, current)
                if c < 0 || (c == 0 && !other.upperInclusive) {
                    result.upper = high
                    result.upperInclusive = other.upperInclusive
                }
            } else {
                result.upper = high
                result.upperInclusive = other.upperInclusive
            }
        }
        return result
    }
}

extension QueryFilter {
    /// The bounds the filter's top-level conjunction puts on a field, or `nil` when it puts none
    /// an index could use. Points win over ranges; two ranges narrow each other only when
    /// `intersectRanges` (with arrays, `{$gt: 5, $lt: 3}` can hold through different elements).
    public func bounds(for path: FieldPath, intersectRanges: Bool) -> FieldBounds? {
        var points: [BSONValue]?
        var range: ValueRange?
        collectBounds(root, path, intersectRanges: intersectRanges, points: &points, range: &range)
        if let points { return .points(points) }
        return range.map(FieldBounds.range)
    }

    private func collectBounds(_ node: Node, _ path: FieldPath, intersectRanges: Bool, points: inout [BSONValue]?, range: inout ValueRange?) {
        switch node {
        case .all(let children):
            for child in children { collectBounds(child, path, intersectRanges: intersectRanges, points: &points, range: &range) }
        case .field(let p, let predicates) where p == path:
            for predicate in predicates {
                switch predicate {
                case .eq(let value) where Self.isPointOperand(value):
                    if points == nil { points = [value] }
                case .isIn(let values, let regexes) where regexes.isEmpty && values.allSatisfy(Self.isPointOperand):
                    if points == nil { points = values }
                case .compare(let op, let value):
                    guard let next = Self.range(op, value) else { continue }
                    if let current = range {
                        if intersectRanges { range = current.intersected(with: next) }
                    } else {
                        range = next
                    }
                default: continue
                }
            }
        default: return
        }
    }

    private static func isPointOperand(_ value: BSONValue) -> Bool {
        switch value {
        case .regex, .array: return false
        default: return true
        }
    }

    private static func range(_ op: Comparison, _ value: BSONValue) -> ValueRange? {
        switch value {
        case .null, .undefined, .minKey, .maxKey: return nil
        case .double(let d) where d.isNaN: return nil
        default: break
        }
        let rank = BSONOrder.typeRank(value)
        switch op {
        case .gt: return ValueRange(typeRank: rank, lower: value, lowerInclusive: false)
        case .gte: return ValueRange(typeRank: rank, lower: value, lowerInclusive: true)
        case .lt: return ValueRange(typeRank: rank, upper: value, upperInclusive: false)
        case .lte: return ValueRange(typeRank: rank, upper: value, upperInclusive: true)
        }
    }
}

extension QueryFilter {
    /// Whether the filter is nothing but what `bounds(for: path, intersectRanges: true)` says
    /// about one top-level field — a single equality or `$in` of plain scalars, or ranges over
    /// strings, ObjectIds or dates — so that a document whose single (non-array) value of the
    /// field lies within those bounds certainly matches. Conservative: `false` whenever unsure.
    public func isExactlyBounded(by path: FieldPath) -> Bool {
        var predicates: [Predicate] = []
        func collect(_ node: Node) -> Bool {
            switch node {
            case .all(let children): return children.allSatisfy(collect)
            case .field(let p, let list):
                guard p.components.count == 1, p == path else { return false }
                predicates += list
                return true
            default: return false
            }
        }
        guard collect(root), !predicates.isEmpty else { return false }
        if predicates.count == 1 {
            switch predicates[0] {
            case .eq(let value): return Self.isExactPoint(value)
            case .isIn(let values, let regexes): return regexes.isEmpty && !values.isEmpty && values.allSatisfy(Self.isExactPoint)
            default: break
            }
        }
        var rank: Int?
        for predicate in predicates {
            guard case .compare(_, let value) = predicate, Self.isExactRangeOperand(value) else { return false }
            if let rank, rank != BSONOrder.typeRank(value) { return false }
            rank = BSONOrder.typeRank(value)
        }
        return true
    }

    private static func isExactPoint(_ value: BSONValue) -> Bool {
        switch value {
        case .string, .objectId, .datetime, .bool, .int32, .int64: return true
        case .double(let d): return !d.isNaN
        default: return false
        }
    }

    private static func isExactRangeOperand(_ value: BSONValue) -> Bool {
        switch value {
        case .string, .objectId, .datetime: return true
        default: return false
        }
    }
}
