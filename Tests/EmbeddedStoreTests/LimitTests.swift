import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Testing
import TestSupport

@Suite("Embedded store: nothing is acknowledged that cannot be read back")
struct LimitTests {
    /// `{a: {a: … {a: 1}}}` with `levels` documents in all.
    static func nested(_ levels: Int) -> Document {
        var document: Document = ["a": 1]
        for _ in 1..<levels { document = ["a": .document(document)] }
        return document
    }

    @Test("a document nested 100 levels is stored and read back; 101 and 201 are refused with MongoDB's error")
    func depth() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                // Given the deepest document MongoDB accepts
                try await items.insertOne(["_id": 1, "d": .document(Self.nested(99))])
                // When deeper ones are inserted, or an update would make one
                for levels in [101, 201] {
                    let error = await storeError { try await items.insertOne(["_id": .int32(Int32(levels)), "d": .document(Self.nested(levels))]) }
                    #expect(error?.code == 15)
                    #expect(error?.codeName == "Overflow")
                }
                let update = await storeError { try await items.updateOne(["_id": 1], ["$set": ["d.a.a": .document(Self.nested(99))]]) }
                // Then they are refused and nothing changed
                #expect(update?.code == 15)
                #expect(try await items.countDocuments() == 1)
            }
            // And after a restart the accepted document reads back whole
            try await withOpenStore(path) { store throws in
                #expect(try await store.collection("items").findOne(["_id": 1]) == ["_id": 1, "d": .document(Self.nested(99))])
            }
        }
    }

    @Test("a document over 16 MiB is refused; a key with a NUL byte is refused, not cut")
    func sizeAndKeys() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                let big = await storeError { try await items.insertOne(["blob": .binary(BSONBinary(data: [UInt8](repeating: 1, count: 16 << 20)))]) }
                #expect(big?.code == 10334)
                let nul = await storeError { try await items.insertOne(["a\0b": 1]) }
                #expect(nul?.code == 2)
                #expect(try await items.countDocuments() == 0)
            }
        }
    }

    @Test("a flipped bit in a stored document is reported as damage, never returned as data")
    func checksum() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                try await store.collection("items").insertOne(["_id": 1, "text": .string(String(repeating: "speak", count: 40))])
            }
            // Given the document's bytes flipped in the file (they are stored once, in a page)
            var bytes = try fileBytes(path)
            let marker = Array(String(repeating: "speak", count: 40).utf8)
            let position = try #require(bytes.indices.first { bytes[$0...].starts(with: marker) })
            bytes[position + 7] ^= 0x04
            try writeFileBytes(path, bytes)
            // When it is read: the damage is named
            try await withOpenStore(path) { store throws in
                let error = await storeError { try await store.collection("items").find() }
                #expect(error?.message.contains("checksum") == true)
            }
            // And verify reports it
            #expect(!verifiesHealthy(path))
        }
    }
}
