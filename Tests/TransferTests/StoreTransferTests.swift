import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import TestSupport
import Testing
import Transfer

/// Import and export in MongoDB's tool formats, against the real embedded store.
@Suite struct StoreTransferTests {
    static var samples: URL { ProjectFolder.shared.appendingPathComponent("samples") }

    static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func theOriginalsSamplesExportAgainToTheSameText() async throws {
        try await withTemporaryDirectory { folder in
            // Given the original service's mongoexport files imported into a store
            let store = try EmbeddedStore(path: folder.appendingPathComponent("t.db").path)
            let names = ["audio", "conversations", "messages"]
            let files = try names.map { try ImportFile.read(path: Self.samples.appendingPathComponent("\($0).json").path) }
            let counts = try await StoreTransfer.importFiles(files, into: store)
            #expect(counts.map(\.1) == [1, 1, 1])
            // When it is exported as JSON lines, then imported into a second store and exported again
            let first = folder.appendingPathComponent("first"), second = folder.appendingPathComponent("second")
            try await StoreTransfer.export(store, to: first, format: .json)
            let copy = try EmbeddedStore(path: folder.appendingPathComponent("copy.db").path)
            try await StoreTransfer.importFiles(try names.map { try ImportFile.read(path: first.appendingPathComponent("\($0).json").path) }, into: copy)
            try await StoreTransfer.export(copy, to: second, format: .json)
            // Then every export is the original text, byte for byte
            for name in names {
                let original = try String(contentsOf: Self.samples.appendingPathComponent("\(name).json"), encoding: .utf8)
                #expect(try String(contentsOf: first.appendingPathComponent("\(name).json"), encoding: .utf8) == original)
                #expect(try String(contentsOf: second.appendingPathComponent("\(name).json"), encoding: .utf8) == original)
            }
            try await store.close()
            try await copy.close()
        }
    }

    @Test func bsonDumpsCarryDocumentsAndIndexes() async throws {
        try await withTemporaryDirectory { folder in
            // Given a collection with every kind of value and a unique index
            let store = try EmbeddedStore(path: folder.appendingPathComponent("t.db").path)
            let users = store.collection("users")
            _ = try await users.createIndex(IndexModel(keys: ["email": 1], unique: true))
            // (more than one batch of the export's cursor, 10,000)
            let documents: [Document] = (0..<25_000).map { ["_id": .objectId(ObjectId()), "email": .string("u\($0)@x.org"), "n": .int64(Int64($0)), "at": .datetime(BSONDateTime(millisecondsSinceEpoch: Int64($0) * 1000)), "tags": ["a", .double(1.5)]] }
            _ = try await users.insertMany(documents)
            // When it is dumped as BSON and restored into another store
            let dump = folder.appendingPathComponent("dump")
            try await StoreTransfer.export(store, to: dump, format: .bson)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dump.path).sorted() == ["users.bson", "users.metadata.json"])
            let copy = try EmbeddedStore(path: folder.appendingPathComponent("copy.db").path)
            let file = try ImportFile.read(path: dump.appendingPathComponent("users.bson").path)
            try await StoreTransfer.importFiles([file], into: copy)
            // Then the documents and the unique index are the same
            #expect(try await copy.collection("users").find(Document(), options: FindOptions()) == documents)
            let indexes = try await copy.collection("users").listIndexes()
            #expect(indexes.map(\.keys) == [["_id": 1], ["email": 1]] && indexes.last?.unique == true, "\(indexes)")
            await #expect(throws: StoreError.self) { try await copy.collection("users").insertOne(["email": "u1@x.org"]) }
            try await store.close()
            try await copy.close()
        }
    }

    @Test func arraysAndMissingIdsImportLikeMongoimport() async throws {
        try await withTemporaryDirectory { folder in
            let store = try EmbeddedStore(path: folder.appendingPathComponent("t.db").path)
            let path = try Self.write(#"[{"name":"a"},{"_id":{"$oid":"0123456789abcdef01234567"},"when":{"$date":"2025-04-22T03:29:44.652Z"}}]"#, "people.json", in: folder)
            let file = try ImportFile.read(path: path)
            try await StoreTransfer.importFiles([file], into: store)
            // (Natural order is `_id` order, so look the two up by what they hold.)
            let people = store.collection("people")
            #expect(try await people.countDocuments() == 2)
            let named = try #require(try await people.findOne(["name": "a"]))
            #expect(named["_id"]?.objectIdValue != nil && named.fieldNames.first == "_id")
            let dated = try await people.findOne(["_id": .objectId(try ObjectId("0123456789abcdef01234567"))])
            #expect(dated?["when"]?.datetimeValue == BSONDateTime(millisecondsSinceEpoch: 1_745_292_584_652))
            try await store.close()
        }
    }

    @Test(arguments: [
        ("{\"a\":1}\n{\"a\":\n", "bad.json:2:"),
        ("{\"_id\":1}\n\n{\"_id\":2}\n{\"_id\":1.0}\n", "bad.json:4: duplicate _id 1.0 (also at bad.json line 1)"),
        ("{\"_id\":1,\"d\":{\"$date\":\"yesterday\"}}\n", "bad.json:1:"),
        ("[{\"a\":1},2]", "bad.json:1: element 1 of the array is not a document"),
        ("{\"_id\":{\"$oid\":\"123\"}}\n", "bad.json:1:"),
    ])
    func badInputNamesTheLineAndImportsNothing(text: String, expected: String) async throws {
        try await withTemporaryDirectory { folder in
            // Given a store with one good collection file and one bad file
            let store = try EmbeddedStore(path: folder.appendingPathComponent("t.db").path)
            let good = try Self.write("{\"_id\":7}\n", "good.json", in: folder)
            let bad = try Self.write(text, "bad.json", in: folder)
            // When both are imported
            do {
                let files = try [ImportFile.read(path: good), ImportFile.read(path: bad)]
                try await StoreTransfer.importFiles(files, into: store)
                Issue.record("the import should have failed")
            } catch let error as TransferError {
                // Then the error names the file and line, and nothing at all was imported
                #expect(error.description.hasPrefix(expected), "\(error)")
            }
            #expect(try await store.listCollections().isEmpty)
            try await store.close()
        }
    }

    @Test func idsAlreadyStoredAreRefusedUnlessDropped() async throws {
        try await withTemporaryDirectory { folder in
            let store = try EmbeddedStore(path: folder.appendingPathComponent("t.db").path)
            _ = try await store.collection("things").insertOne(["_id": 1, "v": "old"])
            let path = try Self.write("{\"_id\":2,\"v\":\"new\"}\n{\"_id\":1,\"v\":\"new\"}\n", "things.json", in: folder)
            await #expect(throws: TransferError(source: "things.json", position: 2, message: "_id 1 is already in collection 'things' (use --drop to replace the collection)")) {
                try await StoreTransfer.importFiles([try ImportFile.read(path: path)], into: store)
            }
            #expect(try await store.collection("things").countDocuments() == 1)
            try await StoreTransfer.importFiles([try ImportFile.read(path: path)], into: store, drop: true)
            #expect(try await store.collection("things").find(Document(), options: FindOptions()).map { $0["v"] } == ["new", "new"])
            try await store.close()
        }
    }

    @Test func truncatedBSONNamesTheByteOffset() async throws {
        try await withTemporaryDirectory { folder in
            var bytes = try (["_id": 1] as Document).bsonBytes()
            bytes += try (["_id": 2, "s": "hello"] as Document).bsonBytes().dropLast(3)
            let path = folder.appendingPathComponent("x.bson").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(throws: TransferError(source: "x.bson", position: 14, isByteOffset: true, message: "document length 27 runs past the end of the file")) {
                try ImportFile.read(path: path)
            }
        }
    }
}
