import BSON
import DocumentStore
@testable import EmbeddedStore

/// Writes files in the first format (the append-only log) with the same framing and records
/// the first engine wrote, for the upgrade tests.
struct LegacyLogWriter {
    private(set) var bytes = RecordFrame.header
    /// Where each record ends.
    private(set) var recordEnds: [Int] = []

    /// Appends one record: one operation, or several as one atomic group.
    mutating func append(_ operations: [LogOperation]) throws {
        RecordFrame.append(try LogOperation.encode(operations), to: &bytes)
        recordEnds.append(bytes.count)
    }

    mutating func insert(_ document: Document, into collection: String = "items") throws {
        try append([.insert(collection: collection, document: document)])
    }
}
