import BSON
import DocumentStore
import Foundation
import Synchronization
import TestSupport
import Testing
import Transfer

/// Migration between stores, the embedded file and MongoStore (libmongoc through the wire
/// server), both ways.
@Suite struct StoreMigrationTests {
    /// Documents whose _ids mix BSON types (ordered by MongoDB across types) and values that
    /// must survive exactly: dates, nested documents, int32 vs int64 vs double, binary.
    static let documents: [Document] = (0..<25).map { n -> Document in
        let id: BSONValue = n % 5 == 0 ? .string("s\(n)") : n % 7 == 0 ? .int64(Int64(n)) : .objectId(ObjectId())
        return ["_id": id, "n": .int32(Int32(n)), "big": .int64(1 << 40), "ratio": .double(Double(n) / 4),
                "when": .datetime(BSONDateTime(millisecondsSinceEpoch: 1_745_292_634_996 + Int64(n))),
                "nested": ["list": [1, "two", .null], "bytes": .binary(BSONBinary(subtype: 0, data: [0, 1, 2]))]]
    }

    private func documents(of store: any DocumentStore, _ name: String) async throws -> [Document] {
        try await store.collection(name).find(Document(), options: FindOptions(sort: ["_id": 1]))
    }

    @Test func aFileMovesToMongoDBAndBackUnchangedWithItsIndexes() async throws {
        try await withTemporaryDirectory { folder in
            let (a, b, c) = (folder.appendingPathComponent("a"), folder.appendingPathComponent("b"), folder.appendingPathComponent("c"))
            for directory in [a, b, c] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
            try await withStore(.embedded, in: a) { file in
                // Given a data file with two collections, a unique and a compound index
                try await file.collection("items").insertMany(Self.documents)
                try await file.collection("items").createIndex(IndexModel(keys: ["n": 1], unique: true))
                try await file.collection("items").createIndex(IndexModel(keys: ["ratio": -1, "n": 1], name: "by_ratio"))
                try await file.collection("users").insertOne(["email": "a@b.c"])
                try await withStore(.mongo, in: b) { mongo in
                    // When it is migrated to MongoDB in batches of 4, and from there to a new file
                    let seen = Mutex<[StoreMigration.Progress]>([])
                    let there = try await StoreMigration(from: file, to: mongo, batchSize: 4).run { progress in seen.withLock { $0.append(progress) } }
                    try await withStore(.embedded, in: c) { copy in
                        let back = try await StoreMigration(from: mongo, to: copy, batchSize: 4).run()
                        // Then every count matches, progress rose batch by batch to the total
                        for counts in [there, back] {
                            #expect(counts == [.init(collection: "items", source: 25, destination: 25), .init(collection: "users", source: 1, destination: 1)])
                        }
                        let items = seen.withLock { $0 }.filter { $0.collection == "items" }.map(\.copied)
                        #expect(items == [0, 4, 8, 12, 16, 20, 24, 25])
                        // And the documents and indexes are the original ones, exactly
                        let original = try await documents(of: file, "items")
                        #expect(original.count == 25)
                        #expect(try await documents(of: mongo, "items") == original)
                        #expect(try await documents(of: copy, "items") == original)
                        #expect(try await copy.collection("items").listIndexes() == file.collection("items").listIndexes())
                        let duplicate = await storeError { try await copy.collection("items").insertOne(["n": 3]) }
                        #expect(duplicate?.code == 11000)
                    }
                }
            }
        }
    }

    @Test func aDestinationWithDocumentsStopsTheMigrationBeforeAnyWriteUnlessDropped() async throws {
        try await withTemporaryDirectory { folder in
            let (a, b) = (folder.appendingPathComponent("a"), folder.appendingPathComponent("b"))
            for directory in [a, b] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
            try await withStore(.embedded, in: a) { source in
                try await source.collection("audio").insertMany([["_id": 1], ["_id": 2]])
                try await source.collection("users").insertMany([["_id": 1], ["_id": 2]])
                try await withStore(.mongo, in: b) { destination in
                    // Given a destination whose users collection already has a document
                    try await destination.collection("users").insertOne(["_id": 9])
                    // When migrating without --drop, then it refuses and writes nothing, not even audio
                    await #expect(throws: TransferError.self) { try await StoreMigration(from: source, to: destination).run() }
                    #expect(try await destination.collection("audio").countDocuments() == 0)
                    // And with --drop the destination ends as a copy of the source
                    let counts = try await StoreMigration(from: source, to: destination, dropExisting: true).run()
                    #expect(counts.allSatisfy(\.matches) && counts.count == 2)
                    #expect(try await destination.collection("users").find().compactMap { $0["_id"] } == [1, 2])
                }
            }
        }
    }
}
