import BSON
import DocumentStore
import Foundation

/// What `speakai verify` reports about a data file.
public struct VerifyReport: Sendable {
    /// One collection's contents.
    public struct CollectionSummary: Sendable {
        public var name: String
        public var documents: Int
        public var indexes: [String]
    }

    public var path: String
    public var bytes: Int
    /// Intact records.
    public var records: Int
    public var collections: [CollectionSummary]
    /// Bytes of a torn tail (an interrupted write) that opening will cut off.
    public var tornTailBytes: Int
    /// Where damage with intact records after it starts (the file will not open).
    public var corruptionOffset: Int?
    /// What is wrong at the first damaged frame, or a record that does not replay.
    public var problem: String?

    /// Whether the file opens with nothing lost.
    public var isHealthy: Bool { corruptionOffset == nil && tornTailBytes == 0 && problem == nil }
}

/// Reads a data file without locking or changing it and replays it in memory.
public enum DataFileVerifier {
    /// - Throws: `DataFileError` when the file cannot be read or is not a data file.
    public static func verify(path: String) throws -> VerifyReport {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataFileError(kind: .io(errno: 0), message: "cannot read \(path): \(error.localizedDescription)")
        }
        var state = EngineState(databaseName: "verify")
        var replayProblem: String?
        let scan = try DataFileScanner.scan(bytes, path: path) { operations in
            guard replayProblem == nil else { return }
            do {
                for operation in operations { try state.apply(operation) }
            } catch {
                replayProblem = "a record does not replay: \(error)"
            }
        }
        let problem = replayProblem ?? scan.damage
        let collections = state.collections.keys.sorted().compactMap { name -> VerifyReport.CollectionSummary? in
            guard let data = state.collection(name) else { return nil }
            return .init(name: name, documents: data.count, indexes: data.indexModels.map { $0.name ?? $0.defaultName })
        }
        return VerifyReport(
            path: path, bytes: bytes.count, records: scan.records, collections: collections,
            tornTailBytes: scan.tornTailBytes, corruptionOffset: scan.corruptionOffset,
            problem: scan.corruptionOffset == nil && scan.tornTailBytes == 0 ? problem : (problem ?? scan.damage))
    }
}
