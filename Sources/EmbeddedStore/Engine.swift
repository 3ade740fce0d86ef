import BSON
import DocumentStore
import Synchronization

/// The live store: state in memory behind a lock, changes appended to the data file by the
/// group-commit log. A write applies its changes (undoing them all if any fails), queues one
/// record while still holding the lock — so the file's order is the order of application — and
/// returns only once that record is durable.
final class Engine: Sendable {
    let state: Mutex<EngineState>
    let log: GroupCommitLog
    let path: String
    let openReport: OpenReport

    init(path: String, databaseName: String) throws {
        let parent = DataFile.parentDirectory(of: path)
        try DataFile.makeDirectories(parent)
        let file = try DataFile(path: path)
        DataFile.remove(Compactor.temporaryPath(for: path))
        var state = EngineState(databaseName: databaseName)
        var report = OpenReport(path: path, created: false, records: 0, bytes: 0, truncatedBytes: 0, truncationReason: nil)
        if try file.size() == 0 {
            try file.append(RecordFrame.header)
            try file.sync()
            try DataFile.syncDirectory(of: path)
            report.created = true
        } else {
            let bytes = try file.readAll()
            for (name, inserts) in DataFileScanner.plannedInserts(bytes) { state.reserve(inserts, in: name) }
            let scan = try DataFileScanner.scan(bytes, path: path) { operations in
                for operation in operations { try state.apply(operation) }
            }
            if let offset = scan.corruptionOffset {
                throw DataFileError(kind: .corrupt(offset: offset), message: "\(path) is damaged at byte \(offset) (\(scan.damage ?? "bad frame")) and has intact records after it; opening would lose them. Run `speakai verify \(path)` and restore from a backup")
            }
            state.tidy(Array(state.collections.keys))
            if scan.tornTailBytes > 0 {
                try file.truncate(to: scan.validLength)
                report.truncatedBytes = scan.tornTailBytes
                report.truncationReason = scan.damage
            }
            report.records = scan.records
        }
        report.bytes = try file.size()
        self.path = path
        self.state = Mutex(state)
        self.log = GroupCommitLog(file: file)
        self.openReport = report
    }

    /// Runs a read under the lock.
    func read<R: Sendable>(_ body: (borrowing EngineState) throws -> R) throws -> R {
        try log.checkUsable()
        return try state.withLock { state in try body(state) }
    }

    /// The changes a write is making, and how to undo them.
    struct Batch {
        fileprivate(set) var operations: [LogOperation] = []
        fileprivate var undo: [EngineState.Undo] = []
        fileprivate var touched: [String] = []
    }

    /// Runs a write: `body` applies changes through `perform`; all of them become one durable
    /// record, or none stays applied.
    func write<R: Sendable>(_ body: (inout EngineState, inout Batch) throws -> R) async throws -> R {
        try log.checkUsable()
        let (result, ticket): (R, UInt64?) = try state.withLock { state in
            var batch = Batch()
            do {
                let result = try body(&state, &batch)
                guard !batch.operations.isEmpty else { return (result, nil) }
                let record = try LogOperation.encode(batch.operations)
                if record.count > Engine.maximumDocumentSize { try Engine.checkSizes(batch.operations) }
                let ticket = log.enqueue(RecordFrame.frame(record))
                state.tidy(batch.touched)
                return (result, ticket)
            } catch {
                for undo in batch.undo.reversed() { state.undo(undo) }
                throw error
            }
        }
        if let ticket { try await log.waitUntilDurable(ticket) }
        return result
    }

    /// Applies one change inside a write.
    static func perform(_ operation: LogOperation, on state: inout EngineState, batch: inout Batch) throws {
        if let undo = try state.apply(operation) { batch.undo.append(undo) }
        batch.operations.append(operation)
        switch operation {
        case .insert(let name, _), .update(let name, _, _), .delete(let name, _), .createIndex(let name, _),
            .dropIndex(let name, _), .dropCollection(let name), .createCollection(let name):
            if !batch.touched.contains(name) { batch.touched.append(name) }
        }
    }

    /// MongoDB's limit on one document.
    static let maximumDocumentSize = 16 * 1024 * 1024

    private static func checkSizes(_ operations: [LogOperation]) throws {
        for operation in operations {
            switch operation {
            case .insert(_, let document), .update(_, _, let document):
                let size = try document.bsonBytes().count
                if size > maximumDocumentSize {
                    throw StoreError.documentTooLarge("object to insert too large. size in bytes: \(size), max size: \(maximumDocumentSize)")
                }
            default: continue
            }
        }
    }
}
