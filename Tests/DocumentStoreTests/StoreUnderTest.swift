import BSON
import DocumentStore
import EmbeddedStore
import Foundation

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

/// A new temporary directory, removed after `body`.
func withTemporaryDirectory<R>(_ body: (URL) async throws -> R) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("speakai-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
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

/// The `StoreError` a call throws, or `nil` when it throws nothing (or something else).
func storeError(_ call: () async throws -> Void) async -> StoreError? {
    do {
        try await call()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return nil
    }
}

/// The `_id`s of documents, as Ints (tests use small integer ids).
func ids(_ documents: [Document]) -> [Int64] {
    documents.compactMap { $0["_id"]?.exactInt64 }
}
