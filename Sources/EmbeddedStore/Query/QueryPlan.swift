/// How a query reaches its candidates, chosen by `QueryPlanner`.
struct QueryPlan: Sendable {
    enum Access: Sendable {
        /// Direct look-ups of these `_id` keys (in key order).
        case idPoints([[UInt8]])
        /// A range of the collection's table: in `_id` order, or in natural (insertion) order
        /// when the range is `.all` and the plan is not `byKey`.
        case primary(KeyRange)
        /// Ranges of a secondary index, in order.
        case index(IndexDefinition, [KeyRange])
    }

    var access: Access
    /// Whether to walk the access backwards.
    var reverse = false
    /// Whether the access yields documents in the requested order already (the sort, or natural
    /// order when unsorted); for an index, only then are its entries walked with their documents
    /// in index order, otherwise the `_id`s it finds are put in natural order first.
    var providesSort = false
    /// Whether a walk of the whole collection's table follows `_id` order (a sort by `_id`)
    /// rather than natural order.
    var byKey = false

    /// MongoDB-style stage name: IDHACK, COLLSCAN, IXSCAN (with the index).
    var summary: String {
        switch access {
        case .idPoints: return "IDHACK"
        case .primary(let range): return range == .all ? "COLLSCAN" : "CLUSTERED_IXSCAN"
        case .index(let index, _): return "IXSCAN \(index.name)"
        }
    }

    /// The index used, if any (`_id_` for the collection's own key).
    var indexName: String? {
        switch access {
        case .idPoints: return "_id_"
        case .primary(let range): return range == .all ? nil : "_id_"
        case .index(let index, _): return index.name
        }
    }
}
