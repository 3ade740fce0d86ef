import BSON
import DocumentStore
@testable import EmbeddedStore
import Foundation
import SQLite
import Testing

/// Writes that fail because the files may not grow: each is refused with a storage error, the
/// writers go on, writing works again once there is room, and after a kill the file holds every
/// acknowledged write and none of the refused ones.
@Suite struct FullDiskTests {
    @Test("writes past a file-size limit are refused, lose nothing and work again once lifted")
    func writesPastTheLimit() async throws {
        try await withDataFile { path in
            // Given writers whose files may grow to 1 MiB
            let (lines, status) = try await runTortureChild(["full", path, "\(1 << 20)"], killAfter: nil)
            #expect(status != 0, "the child kills itself at the end")
            let logged = lines.filter { $0.hasPrefix("LOG ") }
            let written = lines.filter { !$0.hasPrefix("LOG ") }
            let limited = Array(written.drop { $0 != "L" }.dropFirst().prefix { $0 != "R" })
            let lifted = Array(written.drop { $0 != "R" }.dropFirst())
            let refused = limited.filter { $0.hasPrefix("F ") }
            // Then the limit was reached and each write beyond it was refused as a storage
            // failure (UnknownError, or OutOfDiskSpace when SQLite saw the write cut short)
            #expect(refused.count >= 40, "every writer sees 10 refusals: \(lines.suffix(5))")
            let codes = Set(refused.map { $0.split(separator: " ").last.map(String.init) ?? "" })
            #expect(codes.isSubset(of: ["8", "14031"]), "\(codes)")
            #expect(limited.contains { $0.hasPrefix("A ") })
            // and once it was lifted, every write was acknowledged
            #expect(lifted.count == 200 && lifted.allSatisfy { $0.hasPrefix("A I ") }, "\(lifted.filter { !$0.hasPrefix("A ") })")
            // and the log told when writes started failing and when they succeeded again, with
            // how many were refused in between: every refusal, and nothing else
            let failing = logged.filter { $0.hasPrefix("LOG error Writes_to_the_data_file_are_failing") }
            let recovered = logged.filter { $0.hasPrefix("LOG notice Writes_to_the_data_file_succeed_again") }
            #expect(!failing.isEmpty && failing.count == recovered.count, "\(logged)")
            let told = recovered.compactMap { line in
                line.split(separator: " ").first { $0.hasPrefix("refused=") }.flatMap { Int($0.dropFirst("refused=".count)) }
            }
            #expect(told.count == recovered.count && told.reduce(0, +) == refused.count, "\(logged)")

            // When the killed store is opened again
            try await withOpenStore(path) { store throws in
                let found = Set(try await store.collection("items").find().compactMap { $0["_id"]?.stringValue })
                // Then every acknowledged write is there, whole, and no refused one
                var problems: [String] = []
                for line in lines where line.hasPrefix("A ") || line.hasPrefix("F ") {
                    let fields = line.split(separator: " ").map(String.init)
                    let ids = fields[1] == "G" ? (0..<3).map { "g-\(fields[2])-\($0)" } : [fields[2]]
                    let present = ids.filter(found.contains).count
                    if fields[0] == "A" && present != ids.count { problems.append("lost: \(line)") }
                    if fields[0] == "F" && present != 0 { problems.append("refused but stored: \(line)") }
                }
                #expect(problems.isEmpty, "\(problems.prefix(10))")
                #expect(found.count == lines.filter { $0.hasPrefix("A I ") }.count + 3 * lines.filter { $0.hasPrefix("A G ") }.count)
                // and the index answers for them
                #expect(try await store.collection("items").countDocuments(["w": 0, "i": ["$gte": 0]]) == found.filter { $0.hasPrefix("0-") || $0.hasPrefix("r-0-") || $0.hasPrefix("g-0-") }.count)
            }
            #expect(verifiesHealthy(path))
        }
    }

    @Test("a close with no room to fold the WAL into the file says so and loses nothing")
    func closeWithoutRoom() async throws {
        try await withDataFile { path in
            // Given a store that wrote 300 documents and may not grow its data file any more
            // When it is closed
            let (lines, status) = try await runTortureChild(["full-close", path], killAfter: nil)
            // Then the close finishes, warns that the WAL stays, and the WAL is still there
            #expect(status == 0 && lines.last == "C", "\(lines.suffix(3))")
            #expect(lines.contains { $0.hasPrefix("LOG warning The_WAL_could_not_be_folded_into_the_data_file_at_close") }, "\(lines.filter { $0.hasPrefix("LOG") })")
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            // When it is opened again, then every acknowledged document is there
            let acknowledged = Set(lines.filter { $0.hasPrefix("A I ") }.map { String($0.dropFirst(4)) })
            #expect(acknowledged.count == 300)
            try await withOpenStore(path) { store throws in
                let found = Set(try await store.collection("items").find().compactMap { $0["_id"]?.stringValue })
                #expect(found == acknowledged)
            }
            // and with room again, that close folds the WAL in
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(verifiesHealthy(path))
        }
    }

    @Test("SQLite's disk-full error is MongoDB's OutOfDiskSpace; other I/O errors are UnknownError")
    func diskFullIsOutOfDiskSpace() {
        // Given SQLite's answers to a write on a full disk and to one that failed otherwise
        let full = Writer.storeError(SQLiteError(code: 13, message: "database or disk is full"), "the write could not be made durable: ")
        let failed = Writer.storeError(SQLiteError(code: 778, message: "disk I/O error"))
        // Then the client gets MongoDB's codes, with SQLite's reason after the context
        #expect((full as? StoreError)?.code == 14031)
        #expect((full as? StoreError)?.codeName == "OutOfDiskSpace")
        #expect((full as? StoreError)?.message == "the write could not be made durable: SQLite error 13: database or disk is full")
        #expect((failed as? StoreError)?.code == 8)
        // and the store's own errors pass unchanged
        #expect((Writer.storeError(StoreError.duplicateKey("dup")) as? StoreError)?.code == 11000)
        // and the metrics count the first two as the storage's failures, the last as the write's own
        #expect(Writer.isStorageFailure(full) && Writer.isStorageFailure(failed))
        #expect(!Writer.isStorageFailure(StoreError.duplicateKey("dup")))
    }
}
