import BSON
import DocumentStore

extension EmbeddedCollection {
    /// A cursor over what `find` returns, read a batch at a time (see `EmbeddedCursor`); the
    /// filter, sort, projection, skip and limit are checked now, as `find` checks them.
    func openCursor(_ filter: Document, options: FindOptions) async throws -> any DocumentCursor {
        try checkName()
        // One document named by its `_id`: `find` answers it, from the document cache when it can.
        if Self.lookedUpId(filter, options: options) != nil {
            return MaterializedCursor(try await find(filter, options: options)[...])
        }
        let (query, collation) = try Self.query(filter, collation: options.collation, variables: options.variables)
        let sort = try options.sort.map(SortSpec.init)
        let projection = try options.projection.map(Projection.init)
        guard options.skip >= 0 else { throw StoreError.badValue("skip value must be non-negative, but received: \(options.skip)") }
        let limit = try Self.limit(options.limit)
        return EmbeddedCursor(engine: engine, collection: name, query: EmbeddedCursor.Query(
            filter: query, collation: collation, sort: sort, projection: projection, skip: options.skip, limit: limit))
    }
}
