import BSON
import DocumentStore

/// How the store ran a query: the plan, the index, and how much it read (MongoDB's
/// `executionStats` in miniature).
public struct QueryExplanation: Sendable, Equatable {
    /// IDHACK, COLLSCAN, CLUSTERED_IXSCAN (a range of `_id`) or `IXSCAN <index>`.
    public var plan: String
    /// The index used (`_id_` for the collection's own key), or `nil` for a collection scan.
    public var indexName: String?
    /// Whether the index gave the sort (no in-memory sort).
    public var sortedByIndex: Bool
    /// Index entries (or collection rows) read.
    public var keysExamined: Int
    /// Documents decoded and checked against the filter.
    public var documentsExamined: Int
    /// Documents returned.
    public var returned: Int
}

extension EmbeddedStore {
    /// Runs a `find` and tells how it ran (the documents themselves are dropped).
    public func explain(_ collection: String, _ filter: Document, options: FindOptions = FindOptions()) async throws -> QueryExplanation {
        let collation = Collation.folding(options.collation)
        let query = try QueryFilter(collation.map { $0.filterKey(filter) } ?? filter)
        let sort = try options.sort.map(SortSpec.init)
        let limit = try EmbeddedCollection.limit(options.limit)
        let skip = max(0, options.skip)
        return try await engine.read(inline: false) { context in
            guard let entry = context.catalog.collections[collection] else {
                return QueryExplanation(plan: "EOF", indexName: nil, sortedByIndex: false, keysExamined: 0, documentsExamined: 0, returned: 0)
            }
            var executor = QueryExecutor(connection: context.connection, collection: entry, collation: collation)
            let returned = try executor.documents(query, sort: sort, skip: skip, limit: limit).count
            let plan = executor.plan
            return QueryExplanation(
                plan: plan?.summary ?? "EOF", indexName: plan?.indexName, sortedByIndex: sort != nil && plan?.providesSort == true,
                keysExamined: executor.keysExamined, documentsExamined: executor.documentsExamined, returned: returned)
        }
    }
}
