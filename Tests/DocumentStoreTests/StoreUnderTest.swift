import BSON
import DocumentStore
import TestSupport

/// Runs `body` with a fresh store of the given kind (see `StoreKind`: the embedded engine, and
/// MongoStore through the wire protocol) and one collection named `items`.
func withStore(_ kind: StoreKind, _ body: (any DocumentStore, any DocumentCollection) async throws -> Void) async throws {
    try await withTemporaryDirectory { directory in
        try await withStore(kind, in: directory) { store in
            try await body(store, store.collection("items"))
        }
    }
}

/// The `_id`s of documents, as Ints (tests use small integer ids).
func ids(_ documents: [Document]) -> [Int64] {
    documents.compactMap { $0["_id"]?.exactInt64 }
}
