import BSON
import DocumentStore
import EmbeddedStore
import Foundation

/// A fresh data-file path in a new temporary directory, removed after `body`.
func withDataFile<R>(_ body: (String) async throws -> R) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("speakai-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory.appendingPathComponent("data.db").path)
}

/// Opens, runs `body`, closes.
func withOpenStore<R>(_ path: String, _ body: (EmbeddedStore) async throws -> R) async throws -> R {
    let store = try EmbeddedStore(path: path)
    do {
        let result = try await body(store)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}

/// The file's bytes.
func fileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Replaces the file's bytes.
func writeFileBytes(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The `StoreError` a call throws, or `nil`.
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
