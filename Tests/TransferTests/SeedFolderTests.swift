import BSON
import DocumentStore
import Foundation
import TestSupport
import Testing
import Transfer

/// The project's `seed/` folder loaded into both kinds of store.
@Suite struct SeedFolderTests {
    static var seed: URL { ProjectFolder.root.appendingPathComponent("seed") }

    @Test(arguments: StoreKind.allCases)
    func theSeedLoadsOnceAndResetsOnRequest(storeKind: StoreKind) async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(storeKind, in: directory) { store in
                // Given the project's seed folder
                let seed = try SeedFolder(folder: Self.seed)
                // When it is applied to an empty store
                let first = try await seed.apply(to: store, reset: false)
                // Then the demo learner and their learning history are there
                #expect(first == .seeded(["users": 1, "conversations": 2, "messages": 8, "audio": 3, "feedback": 3, "mistakes": 4]))
                let user = try #require(try await store.collection("users").findOne(["email": "demo@speakai.local"]))
                #expect(user["password"]?.stringValue?.hasPrefix("$2b$12$") == true)
                let userID = try #require(user["_id"])
                #expect(try await store.collection("conversations").countDocuments(["user_id": userID]) == 2)
                #expect(try await store.collection("mistakes").countDocuments(["user_id": userID, "status": "NEW"]) == 4)
                // And applying it again changes nothing
                #expect(try await seed.apply(to: store, reset: false) == .alreadySeeded(documents: 21))
                // And a partly changed seed is refused without --reset and restored with it
                let mistake = try #require(try await store.collection("mistakes").findOne())
                try await store.collection("mistakes").deleteOne(["_id": mistake["_id"] ?? .null])
                try await store.collection("messages").insertOne(["sender": "user", "content": "mine"])
                await #expect(throws: TransferError.self) { try await seed.apply(to: store, reset: false) }
                _ = try await seed.apply(to: store, reset: true)
                #expect(try await store.collection("mistakes").findOne(["_id": mistake["_id"] ?? .null]) == mistake)
                #expect(try await store.collection("messages").countDocuments() == 9)
            }
        }
    }

    @Test func theSeedHasTheOriginalsShapesAndItsRecordingsExist() async throws {
        try await withTemporaryDirectory { directory in
            let seed = try SeedFolder(folder: Self.seed)
            // Given the original service's sample documents
            for name in ["audio", "conversations", "messages"] {
                let sample = try ImportFile.read(path: ProjectFolder.shared.appendingPathComponent("samples/\(name).json").path).entries[0].document
                let seeded = try #require(seed.files.first { $0.collection == name })
                // Then every seed document has the sample's fields, in the sample's order, with the same types
                for entry in seeded.entries {
                    let shared = entry.document.fieldNames.filter { sample[$0] != nil }
                    #expect(shared == sample.fieldNames, "\(name) line \(entry.position)")
                    for (key, value) in sample where value != .null && entry.document[key] != .null {
                        #expect(entry.document[key]?.type == value.type, "\(name).\(key)")
                    }
                }
            }
            // And every recording an audio document names is copied next to the data file
            #expect(try seed.copyUploads(into: directory) == 3)
            #expect(try seed.copyUploads(into: directory) == 0)
            for entry in try #require(seed.files.first { $0.collection == "audio" }).entries {
                let path = try #require(entry.document["file_path"]?.stringValue)
                let bytes = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent(path).path))
                #expect(bytes.count > 1000 && (bytes.starts(with: Array("ID3".utf8)) || bytes.first == 0xFF), "an MP3: \(path)")
            }
        }
    }
}
