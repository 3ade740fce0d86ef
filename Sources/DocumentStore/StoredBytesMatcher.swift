import BSON

/// A query filter tested on a document's BSON bytes: only the top-level fields the filter names
/// are decoded, and no document is built, so a collection scan pays for those fields alone.
/// Made by `QueryFilter.storedBytesMatcher()` for filters whose paths are all top-level names
/// (`age`, not `address.city`); the answer is exactly `QueryFilter.matches` on the whole
/// document, because a one-component path has exactly one candidate: the field's value, or
/// none.
public struct StoredBytesMatcher: Sendable {
    /// The filter's tree with each path replaced by the slot of its field.
    indirect enum Node: Sendable {
        case all([Node])
        case any([Node])
        case none([Node])
        case field(Int, [QueryFilter.Predicate])
    }

    /// The fields' names as UTF-8, by slot.
    let fields: [[UInt8]]
    let root: Node
    /// The fields' values in the document being tested (reused from one document to the next).
    private var values: [BSONValue?] = []

    init(fields: [[UInt8]], root: Node) {
        self.fields = fields
        self.root = root
    }

    /// Whether the document whose BSON bytes these are matches the filter.
    /// - Throws: `BSONError` for bytes that are not BSON; `StoreError.badValue` when a regular
    ///   expression takes too long (as `QueryFilter.matches`).
    public mutating func matches(_ bson: UnsafeRawBufferPointer) throws -> Bool {
        try Document.firstValues(of: fields, inBSON: bson, into: &values)
        return try evaluate(root)
    }

    private func evaluate(_ node: Node) throws -> Bool {
        switch node {
        case .all(let nodes): return try nodes.allSatisfy { try evaluate($0) }
        case .any(let nodes): return try nodes.contains { try evaluate($0) }
        case .none(let nodes): return try !nodes.contains { try evaluate($0) }
        case .field(let slot, let predicates):
            let value = values[slot]
            let candidates = Candidates.one(value)
            return try predicates.allSatisfy { try Self.compared($0, value) ?? QueryFilter.holds($0, candidates) }
        }
    }

    /// A comparison (`$gt`, `$gte`, `$lt`, `$lte`) decided directly, as `QueryFilter.holds`
    /// decides it for one candidate that is not an array (a missing field compares as null),
    /// without its general machinery: the common case of a scan. `nil` for anything else.
    private static func compared(_ predicate: QueryFilter.Predicate, _ value: BSONValue?) -> Bool? {
        guard case .compare(let op, let operand) = predicate else { return nil }
        let candidate = value ?? .null
        if case .array = candidate { return nil }
        return QueryFilter.comparisonHolds(candidate, op, operand)
    }
}

extension QueryFilter {
    /// A matcher over stored bytes, or `nil` when the filter names a dotted path (whose
    /// candidates can fan out through arrays: the whole document is needed).
    public func storedBytesMatcher() -> StoredBytesMatcher? {
        var fields: [[UInt8]] = []
        func convert(_ node: Node) -> StoredBytesMatcher.Node? {
            switch node {
            case .all(let children): return convertAll(children).map { .all($0) }
            case .any(let children): return convertAll(children).map { .any($0) }
            case .none(let children): return convertAll(children).map { .none($0) }
            case .field(let path, let predicates):
                guard path.components.count == 1 else { return nil }
                let name = Array(path.components[0].utf8)
                let slot = fields.firstIndex(of: name) ?? {
                    fields.append(name)
                    return fields.count - 1
                }()
                return .field(slot, predicates)
            case .expression:
                return nil
            }
        }
        func convertAll(_ children: [Node]) -> [StoredBytesMatcher.Node]? {
            var converted: [StoredBytesMatcher.Node] = []
            for child in children {
                guard let node = convert(child) else { return nil }
                converted.append(node)
            }
            return converted
        }
        guard let root = convert(root) else { return nil }
        return StoredBytesMatcher(fields: fields, root: root)
    }
}
