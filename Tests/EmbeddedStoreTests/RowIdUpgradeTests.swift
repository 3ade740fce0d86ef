import BSON
import DocumentStore
@testable import EmbeddedStore
import Foundation
import SQLite
import Testing
import TestSupport

@Suite("Embedded store: converting second-format files (documents by _id key) to row ids", .serialized)
struct RowIdUpgradeTests {
    /// A closed file with three collections, a unique, a compound and a multikey index, and
    /// documents inserted out of `_id` order, updated and deleted; its documents by `_id`.
    private func busyFile(_ path: String, documents: Int = 500) async throws -> [Document] {
        try await withOpenStore(path) { store throws in
            let items = store.collection("items")
            try await items.createIndex(IndexModel(keys: ["email": 1], unique: true))
            try await items.createIndex(IndexModel(keys: ["age": 1, "name": -1]))
            try await items.createIndex(IndexModel(keys: ["tags": 1]))
            var ids = Array(0..<documents)
            var generator = SeededGenerator(seed: 11)
            ids.shuffle(using: &generator)
            try await items.insertMany(ids.map { i in
                ["_id": .int32(Int32(i)), "email": .string("u\(i)@x"), "age": .int32(Int32(i % 40)), "name": .string("n\(i)"),
                 "tags": .array([.string("t\(i % 3)"), .string("t\(i % 5)")])]
            })
            try await items.updateMany(["age": ["$lt": 5]], ["$set": ["moved": true], "$push": ["tags": "late"]])
            try await items.deleteMany(["age": 7])
            try await store.collection("logs").insertMany((0..<50).map { ["at": .int32(Int32($0))] })
            try await store.collection("empty").createIndex(IndexModel(keys: ["x": 1]))
            return try await items.find([:], options: FindOptions(sort: ["_id": 1]))
        }
    }

    @Test("a second-format file is converted in place on open: documents, indexes and answers kept, verified")
    func convertsInPlace() async throws {
        try await withDataFile { path in
            // Given a busy file rewritten as the second format stored it
            let expected = try await busyFile(path)
            let queries: [(Document, FindOptions)] = [
                (["age": 12], FindOptions(sort: ["_id": 1])),
                (["tags": "late"], FindOptions(sort: ["_id": 1])),
                (["email": ["$gt": "u3"]], FindOptions(sort: ["email": 1], limit: 20)),
                (["age": ["$gte": 30]], FindOptions(sort: ["age": -1, "name": 1])),
            ]
            let answers = try await withOpenStore(path) { store throws in
                var all: [[Document]] = []
                for (filter, options) in queries { all.append(try await store.collection("items").find(filter, options: options)) }
                return all
            }
            try rewriteInSecondFormat(path)
            #expect(try DataFileVerifier.verify(path: path).formatVersion == 2)
            #expect(verifiesHealthy(path))
            // When it is opened
            try await withOpenStore(path) { store throws in
                // Then it was converted, and says so
                let conversion = try #require(store.openReport.conversion)
                #expect(conversion.collections == 3)
                #expect(conversion.documents == expected.count + 50)
                // (the logs' ObjectId documents moved into the rows made from their ids, and are
                // found by _id there, in their order)
                #expect(conversion.documentsMoved == 50)
                let logs = try await store.collection("logs").find([:])
                #expect(logs.compactMap { $0["at"]?.exactInt64 } == Array(0..<50))
                for log in logs { #expect(try await store.collection("logs").findOne(["_id": log["_id"] ?? .null]) == log) }
                let items = store.collection("items")
                #expect(try await items.find([:], options: FindOptions(sort: ["_id": 1])) == expected)
                for ((filter, options), answer) in zip(queries, answers) {
                    #expect(try await items.find(filter, options: options) == answer, "\(filter)")
                }
                let plan = try await store.explain("items", ["email": ["$gt": "u3"]], options: FindOptions(sort: ["email": 1], limit: 20))
                #expect(plan.plan == "IXSCAN email_1" && plan.documentsExamined == 20)
                #expect(await storeError { try await items.insertOne(["email": "u0@x"]) }?.code == 11000)
                try await items.insertOne(["_id": 9999, "email": "new@x", "age": 12])
                #expect(try await items.find(["age": 12]).last?["_id"] == 9999)
                #expect(try await store.listCollections() == ["empty", "items", "logs"])
            }
            // And the converted file verifies as the third format, and is not converted again
            #expect(try DataFileVerifier.verify(path: path).formatVersion == 3)
            #expect(verifiesHealthy(path))
            try await withOpenStore(path) { store throws in #expect(store.openReport.conversion == nil) }
        }
    }

    @Test("a second-format file whose index names a missing document is refused, named, and left unchanged")
    func damagedFileIsLeftAlone() async throws {
        try await withDataFile { path in
            // Given a second-format file with an index entry for a document that is gone
            _ = try await busyFile(path, documents: 100)
            try rewriteInSecondFormat(path)
            let connection = try SQLiteConnection(path: path, mode: .readWrite)
            let table = try #require(try connection.texts("SELECT tbl FROM speakai_collections WHERE name = 'items'").first)
            try connection.execute("DELETE FROM \"\(table)\" WHERE k = (SELECT min(k) FROM \"\(table)\"); PRAGMA wal_checkpoint(TRUNCATE)")
            let before = try fileBytes(path)
            // When it is opened
            let error = await #expect(throws: DataFileError.self) { try EmbeddedStore(path: path) }
            // Then the reason is given and the file is as it was
            #expect(error?.message.contains("unchanged") == true)
            #expect(error?.message.contains("entries") == true)
            #expect(try fileBytes(path) == before)
            #expect(try DataFileVerifier.verify(path: path).formatVersion == 2)
        }
    }

    @Test("SIGKILL while converting leaves the second format or the whole third, never a mix, nothing lost")
    func killWhileConverting() async throws {
        try await withDataFile { path in
            let expected = try await busyFile(path, documents: 5_000)
            for delay in [10, 25, 40, 60, 100] {
                // Given the file in the second format
                try rewriteInSecondFormat(path)
                // When a process opening it is killed after a while
                _ = try await runTortureChild(["upgrade", path, "none"], killAfter: .milliseconds(delay))
                // Then it is in one format or the other, verifies, and opens with everything
                let version = try DataFileVerifier.verify(path: path).formatVersion
                print("killed after \(delay) ms: format \(version)")
                #expect(version == 2 || version == 3)
                #expect(verifiesHealthy(path))
                try await withOpenStore(path) { store throws in
                    #expect(try await store.collection("items").find([:], options: FindOptions(sort: ["_id": 1])) == expected)
                    #expect(try await store.collection("items").countDocuments(["tags": "late"]) == expected.filter { $0["moved"] != nil }.count)
                }
            }
        }
    }
}

/// Rewrites a closed file in the second format, as the previous engine wrote it: each
/// collection's table keyed by `_id` key (`WITHOUT ROWID`), index entries without row ids.
func rewriteInSecondFormat(_ path: String) throws {
    let connection = try SQLiteConnection(path: path, mode: .readWrite)
    let tables = try connection.texts("SELECT tbl FROM speakai_collections") + connection.texts("SELECT tbl FROM speakai_indexes")
    try connection.execute("BEGIN IMMEDIATE")
    for table in tables {
        try connection.execute("""
            ALTER TABLE "\(table)" RENAME TO "\(table)_v3";
            CREATE TABLE "\(table)"(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
            INSERT INTO "\(table)"(k, v) SELECT k, v FROM "\(table)_v3";
            DROP TABLE "\(table)_v3";
            """)
    }
    try connection.execute("UPDATE speakai_meta SET value = 2 WHERE key = 'format_version'; COMMIT; PRAGMA wal_checkpoint(TRUNCATE)")
}
