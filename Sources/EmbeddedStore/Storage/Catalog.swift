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
                + indexes.map { IndexModel(keys: $0.model.keys, name: $0.name, unique: $0.model.unique, sparse: $0.model.sparse, collation: $0.collation) }
        }
    }

    /// Bumped by every change to the catalog, so a reader knows when its copy is stale.
    var version: Int64 = 0
    var collections: [String: Entry] = [:]

    /// A CRC-32C over every collection, table and index definition in a fixed order, kept in
    /// `speakai_meta` and checked whenever the catalog is read: a damaged catalog (a name, a
    /// table, a key pattern) is reported, never taken for another collection.
    var checksum: Int64 {
        var bytes: [UInt8] = []
        for name in collections.keys.sorted() {
            guard let entry = collections[name] else { continue }
            for text in [name, entry.table] { bytes += Array(text.utf8) + [0] }
            for index in entry.indexes {
                let spec = (try? index.model.description.bsonBytes()) ?? []
                bytes += Array(index.name.utf8) + [0] + Array(index.table.utf8) + [0] + spec + [index.multikey ? 1 : 0]
            }
        }
        return Int64(CRC32C.checksum(bytes))
    }
}
