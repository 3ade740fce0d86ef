import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Testing
import TestSupport

@Suite("Embedded store: persistence")
struct PersistenceTests {
    @Test("every kind of write survives closing and reopening")
    func reopen() async throws {
        try await withDataFile { path in
            // Given a store that saw inserts, updates, deletes, indexes and a drop
            try await withOpenStore(path) { store throws in
                let users = store.collection("users")
                try await users.createIndex(IndexModel(keys: ["email": 1], unique: true))
                try await users.insertMany([["_id": 1, "email": "a@x", "n": 1], ["_id": 2, "email": "b@x"], ["_id": 3, "email": "c@x"]])
                try await users.updateOne(["_id": 1], ["$inc": ["n": 41], "$set": ["tags": ["t"]]])
                try await users.deleteOne(["_id": 2])
                try await users.replaceOne(["_id": 3], ["email": "c@y"])
                try await store.collection("gone").insertOne(["x": 1])
                try await store.collection("gone").drop()
                #expect(store.openReport.created)
            }
            // And a clean close leaves only the file (the WAL is folded back in)
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
            // When it is opened again
            try await withOpenStore(path) { store throws in
                let users = store.collection("users")
                // Then documents, order, indexes and collections are as they were
                #expect(try await users.find() == [["_id": 1, "email": "a@x", "n": 42, "tags": ["t"]], ["_id": 3, "email": "c@y"]])
                #expect(try await users.listIndexes().map(\.name) == ["_id_", "email_1"])
                #expect(await storeError { try await users.insertOne(["email": "a@x"]) }?.code == 11000)
                #expect(try await store.listCollections() == ["users"])
                #expect(!store.openReport.created)
                #expect(store.openReport.upgrade == nil)
            }
        }
    }

    @Test("a closed store refuses reads and writes and leaves only its file")
    func closed() async throws {
        try await withDataFile { path in
            let store = try EmbeddedStore(path: path)
            let items = store.collection("items")
            try await items.insertOne(["_id": 1])
            #expect(try await items.findOne(["_id": 1]) != nil)
            try await store.close()
            // When it is used after closing
            let read = await storeError { try await items.find(["_id": ["$gte": 0]]) }
            let cached = await storeError { try await items.findOne(["_id": 1]) }
            let write = await storeError { try await items.insertOne(["_id": 2]) }
            // Then both are refused, and no connection was opened again
            #expect(read?.message.contains("closed") == true)
            #expect(cached?.message.contains("closed") == true)
            #expect(write?.message.contains("closed") == true)
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
            try await withOpenStore(path) { store throws in #expect(try await store.collection("items").countDocuments() == 1) }
        }
    }

    @Test("a second opener of the same file gets a clear error")
    func exclusiveLock() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { _ throws in
                // When the same file is opened again while held
                let error = #expect(throws: DataFileError.self) { try EmbeddedStore(path: path) }
                // Then the error names the file and the reason
                #expect(error?.kind == .locked)
                #expect(error?.message.contains(path) == true)
                #expect(error?.message.contains("in use by another process") == true)
            }
            // And once closed it opens fine
            try await withOpenStore(path) { _ throws in }
        }
    }

    @Test("a file that is not a data file is refused, not overwritten")
    func foreignFile() async throws {
        try await withDataFile { path in
            let foreign = Array("hello, this is a text file\n".utf8)
            try writeFileBytes(path, foreign)
            let error = #expect(throws: DataFileError.self) { try EmbeddedStore(path: path) }
            #expect(error?.kind == .notADataFile)
            #expect(try fileBytes(path) == foreign)
        }
    }

    @Test("concurrent writers share syncs (group commit) and every write is acknowledged durable")
    func groupCommit() async throws {
        try await withDataFile { path in
            let syncs = try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                // When 16 writers insert 50 documents each at the same time
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<16 {
                        group.addTask {
                            for i in 0..<50 { try await items.insertOne(["w": .int32(Int32(writer)), "i": .int32(Int32(i))]) }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await items.countDocuments() == 800)
                return store.commitCount
            }
            // Then far fewer syncs than writes were needed
            #expect(syncs < 800)
            print("group commit: 800 concurrent inserts took \(syncs) commits")
            // And all 800 are in the file
            try await withOpenStore(path) { store throws in
                #expect(try await store.collection("items").countDocuments() == 800)
            }
        }
    }
}
