import BSON
import DocumentStore

/// The collections of a data file, their SQLite tables and their indexes, as of one snapshot.
/// The writer keeps the current one; readers load the one their snapshot holds (see `Schema`).
struct Catalog: Sendable {
    /// One collection: its documents' table and its secondary indexes, in creation order.
    struct Entry: Sendable {
        let name: String
        let table: String
        var indexes: [IndexDefinition]

        /// The index models, `_id_` first.
        var indexModels: [IndexModel] {
            [IndexModel(keys: ["_id": 1], name: "_id_")]
                + indexes.map { IndexModel(keys: $0.model.keys, name: $0.name, unique: $0.model.unique, sparse: $0.model.sparse) }
        }
    }

    /// Bumped by every change to the catalog, so a reader knows when its copy is stale.
    var version: Int64 = 0
    var collections: [String: Entry] = [:]
}
