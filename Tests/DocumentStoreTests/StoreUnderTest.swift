import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import TestSupport

/// The implementations the conformance suite runs against. Every test takes one as argument, so
/// a new implementation (the libmongoc store) joins by adding a case.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case embedded

    var description: String { rawValue }

    /// A fresh, empty store; closed and deleted by `withStore`.
    func makeStore(at directory: URL) throws -> any DocumentStore {
        switch self {
        case .embedded: return try EmbeddedStore(path: directory.appendingPathComponent("test.db").path)
        }
    }
}

/// Runs `body` with a fresh store of the given kind and one collection named `items`.
func withStore(_ kind: StoreKind, _ body: (any DocumentStore, any DocumentCollection) async throws -> Void) async throws {
    try await withTemporaryDirectory { directory in
        let store = try kind.makeStore(at: directory)
        do {
            try await body(store, store.collection("items"))
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}

/// The `_id`s of documents, as Ints (tests use small integer ids).
func ids(_ documents: [Document]) -> [Int64] {
    documents.compactMap { $0["_id"]?.exactInt64 }
}
