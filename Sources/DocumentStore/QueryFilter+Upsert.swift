import BSON

extension QueryFilter {
    /// The document an upsert starts from: the filter's plain equality conditions (top level,
    /// dotted paths, `$eq`, and those inside `$and`), as MongoDB seeds it.
    public func upsertSeed() throws -> Document {
        var seed = Document()
        try QueryFilter.seed(root, into: &seed)
        return seed
    }

    private static func seed(_ node: Node, into document: inout Document) throws {
        switch node {
        case .all(let children):
            for child in children { try seed(child, into: &document) }
        case .field(let path, let predicates):
            for predicate in predicates {
                guard case .eq(let value) = predicate else { continue }
                if case .regex = value { continue }
                try PathMutation.set(value, at: path, in: &document)
            }
        default:
            return
        }
    }
}
