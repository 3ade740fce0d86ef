import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Testing

@Suite("Embedded store: torn and corrupt files")
struct CorruptionTests {
    /// Writes `count` records (one insert each) and returns the file's bytes and where each
    /// record ends.
    private func makeFile(_ path: String, count: Int) async throws -> (bytes: [UInt8], recordEnds: [Int]) {
        var ends: [Int] = []
        try await withOpenStore(path) { store throws in
            let items = store.collection("items")
            for i in 0..<count {
                try await items.insertOne(["_id": .int32(Int32(i)), "v": .string("value-\(i)"), "pad": .string(String(repeating: "p", count: i % 13))])
                ends.append(try fileBytes(path).count)
            }
        }
        return (try fileBytes(path), ends)
    }

    /// The documents a store holds must be exactly the first k written ones, unchanged.
    private func expectPrefix(_ documents: [Document], of count: Int) -> Int {
        for (i, d) in documents.enumerated() {
            #expect(d == ["_id": .int32(Int32(i)), "v": .string("value-\(i)"), "pad": .string(String(repeating: "p", count: i % 13))])
        }
        #expect(documents.count <= count)
        return documents.count
    }

    @Test("the last records cut at every byte offset: the torn tail is cut off and reported, the rest kept")
    func truncations() async throws {
        try await withDataFile { path in
            let (bytes, ends) = try await makeFile(path, count: 6)
            let keepFrom = ends[2]
            var checked = 0
            for length in keepFrom..<bytes.count {
                // Given the file cut at this length
                try writeFileBytes(path, Array(bytes[0..<length]))
                // When it is opened
                try await withOpenStore(path) { store throws in
                    let documents = try await store.collection("items").find()
                    // Then exactly the complete records are there, and the cut is reported
                    let complete = ends.filter { $0 <= length }.count
                    #expect(expectPrefix(documents, of: 6) == complete)
                    let expectedTail = length - (ends.last { $0 <= length } ?? 0)
                    #expect(store.openReport.truncatedBytes == expectedTail)
                }
                // And the file was repaired to end at the last complete record
                #expect(try fileBytes(path).count == (ends.last { $0 <= length } ?? 16))
                checked += 1
            }
            print("truncation: \(checked) cut points checked")
        }
    }

    @Test("every single bit flipped in the last records is detected; nothing altered is ever read")
    func bitFlips() async throws {
        try await withDataFile { path in
            let (bytes, ends) = try await makeFile(path, count: 5)
            var refused = 0
            var cut = 0
            for byte in ends[2]..<bytes.count {
                for bit in 0..<8 {
                    var flipped = bytes
                    flipped[byte] ^= UInt8(1 << bit)
                    try writeFileBytes(path, flipped)
                    do {
                        try await withOpenStore(path) { store throws in
                            let documents = try await store.collection("items").find()
                            // Accepted only as a prefix of unaltered documents, with the damage reported
                            #expect(expectPrefix(documents, of: 5) < 5)
                            #expect(store.openReport.truncatedBytes > 0)
                        }
                        cut += 1
                    } catch let error as DataFileError {
                        if case .corrupt = error.kind { refused += 1 } else { Issue.record("unexpected \(error)") }
                    }
                }
            }
            print("bit flips: \((bytes.count - ends[2]) * 8) flips, \(cut) opened with the damaged tail cut, \(refused) refused as mid-file corruption")
            #expect(cut + refused == (bytes.count - ends[2]) * 8)
        }
    }

    @Test("damage before intact records refuses to open rather than lose them")
    func midFileCorruption() async throws {
        try await withDataFile { path in
            let (bytes, ends) = try await makeFile(path, count: 5)
            var damaged = bytes
            damaged[ends[0] + 12] ^= 0xFF
            try writeFileBytes(path, damaged)
            let error = #expect(throws: DataFileError.self) { try EmbeddedStore(path: path) }
            #expect(error?.kind == .corrupt(offset: ends[0]))
            #expect(try fileBytes(path) == damaged)
        }
    }
}
