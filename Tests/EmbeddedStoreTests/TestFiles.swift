import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import SQLite
import TestSupport

/// A fresh data-file path in a new temporary directory, removed after `body`.
func withDataFile<R>(_ body: (String) async throws -> R) async throws -> R {
    try await withTemporaryDirectory { directory in try await body(directory.appendingPathComponent("data.db").path) }
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


/// Whether `speakai verify` finds a closed file healthy (printing what it found otherwise).
func verifiesHealthy(_ path: String) -> Bool {
    do {
        let report = try DataFileVerifier.verify(path: path)
        if !report.isHealthy { print("verify: \(report.problems)") }
        return report.isHealthy
    } catch {
        print("verify: \(error)")
        return false
    }
}

/// Moves every document of the closed file's collection `collection` out of the row made from
/// its ObjectId into a row given in sequence (2⁶² lower), index entries with it: the layout
/// of files written before rows were made from ObjectIds.
func moveIntoSequentialRows(collection: String, in path: String) throws {
    let connection = try SQLiteConnection(path: path, mode: .readWrite)
    let tables = try connection.statement("""
        SELECT tbl FROM speakai_collections WHERE name = ?1
        UNION ALL SELECT tbl FROM speakai_indexes WHERE collection = ?1
        """)
    try tables.bind(collection, at: 1)
    var names: [String] = []
    while try tables.step() { names.append(tables.text(at: 0)) }
    tables.reset()
    let firstMade: Int64 = 1 << 62
    try connection.execute("BEGIN")
    for table in names {
        try connection.execute("UPDATE \"\(table)\" SET r = r - \(firstMade) WHERE r >= \(firstMade)")
    }
    try connection.execute("COMMIT")
}
