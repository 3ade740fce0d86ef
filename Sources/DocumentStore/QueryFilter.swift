import BSON

/// A MongoDB query filter compiled for matching: implicit equality (dotted paths, array
/// membership), `$eq $ne $gt $gte $lt $lte $in $nin $exists $type $and $or $nor $not $regex
/// $elemMatch $size $all`, with MongoDB's comparison order and type bracketing.
public struct QueryFilter: Sendable {
    indirect enum Node: Sendable {
        case all([Node])
        case any([Node])
        case none([Node])
        case field(FieldPath, [Predicate])
        /// `$expr`: an aggregation expression, true when its value is truthy; with the
        /// command's `let` variables.
        case expression(BSONValue, [String: BSONValue])
    }

    indirect enum Predicate: Sendable {
        case eq(BSONValue)
        case ne(BSONValue)
        case compare(Comparison, BSONValue)
        case isIn([BSONValue], [CompiledRegex])
        case notIn([BSONValue], [CompiledRegex])
        case exists(Bool)
        case type([BSONType])
        case regex(CompiledRegex)
        case not([Predicate])
        case size(Int)
        /// `$mod: [divisor, remainder]` (divisor never 0).
        case mod(divisor: Int64, remainder: Int64)
        case all([BSONValue])
        case elemMatchValue([Predicate])
        case elemMatchDocument(Node)
    }

    enum Comparison: Sendable {
        case gt, gte, lt, lte
    }

    let root: Node

    /// The filter document as given.
    public let document: Document

    /// Compiles a filter document; `variables` are a command's `let` constants, which `$expr`
    /// reads as `$$name`.
    /// - Throws: `StoreError` (BadValue) for unknown operators and malformed operands.
    public init(_ filter: Document, variables: Document = [:]) throws {
        document = filter
        root = try QueryFilter.parseDocument(filter, variables: QueryFilter.constants(variables))
        readsWholeDocument = QueryFilter.reads(root)
    }

    /// A command's `let` document as constants: each name checked, each value evaluated once.
    /// - Throws: 16870 for a name MongoDB refuses; the values' expression errors.
    public static func constants(_ variables: Document) throws -> [String: BSONValue] {
        var constants: [String: BSONValue] = [:]
        for (name, value) in variables {
            guard let first = name.unicodeScalars.first, first.properties.isLowercase || !first.isASCII,
                  name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) || !$0.isASCII }) else {
                throw StoreError(code: 16870, codeName: "Location16870", message: "'\(name)' starts with an invalid character for a user variable name")
            }
            constants[name] = try AggregationExpression.evaluate(value, in: [:]) ?? .null
        }
        return constants
    }

    /// Whether matching may read any field of a document (`$expr`), so a document cut down to
    /// `topLevelFields` will not do.
    public let readsWholeDocument: Bool

    private static func reads(_ node: Node) -> Bool {
        switch node {
        case .all(let children), .any(let children), .none(let children): return children.contains(where: reads)
        case .field: return false
        case .expression: return true
        }
    }

    /// Whether a document matches.
    /// - Throws: `StoreError.badValue` when a regular expression takes too long on one value
    ///   (see `CompiledRegex.maximumMatchTime`).
    public func matches(_ document: Document) throws -> Bool { try QueryFilter.evaluate(root, document) }

    /// The values the filter pins `_id` to by plain equality or `$in` (for direct look-ups), or
    /// `nil` when it does not.
    public func pinnedValues(for path: String) -> [BSONValue]? {
        QueryFilter.pinned(root, path)
    }

    private static func pinned(_ node: Node, _ path: String) -> [BSONValue]? {
        switch node {
        case .field(let p, let predicates) where p.description == path:
            for predicate in predicates {
                switch predicate {
                case .eq(let v):
                    if case .regex = v { continue }
                    if case .array = v { continue }
                    return [v]
                case .isIn(let values, let regexes) where regexes.isEmpty && !values.contains(where: { $0.arrayValue != nil }):
                    return values
                default: continue
                }
            }
            return nil
        case .all(let children):
            for child in children { if let values = pinned(child, path) { return values } }
            return nil
        default:
            return nil
        }
    }
}

extension QueryFilter {
    /// The top-level field names the filter looks at (the first component of every path), in
    /// first-seen order: a document cut down to these fields matches exactly when the whole
    /// one does.
    public var topLevelFields: [String] {
        var names: [String] = []
        func collect(_ node: Node) {
            switch node {
            case .all(let children), .any(let children), .none(let children): children.forEach(collect)
            case .field(let path, _):
                if let first = path.components.first, !names.contains(first) { names.append(first) }
            case .expression: break
            }
        }
        collect(root)
        return names
    }
}
