import BSON
import DocumentStore

/// Reads a first-format data file (the append-only log) frame by frame without changing
/// anything: what the upgrade converts and what `speakai verify` reports on such a file. A damaged frame with no valid frame after it is a torn tail
/// (an interrupted write); a damaged frame followed by valid ones is corruption.
struct DataFileScanner {
    /// What the scan found.
    struct Result {
        /// Records read intact.
        var records = 0
        /// Bytes of intact data (header included); where a torn tail would be cut.
        var validLength = RecordFrame.headerSize
        /// Bytes after `validLength` belonging to a torn tail.
        var tornTailBytes = 0
        /// Offset of a damaged frame that has intact frames after it.
        var corruptionOffset: Int?
        /// Why the first damaged frame is damaged.
        var damage: String?
    }

    /// Scans a whole file image, handing the operations of each intact record to `onRecord`.
    /// - Throws: `DataFileError.notADataFile` for a wrong header; whatever `onRecord` throws.
    static func scan(_ bytes: [UInt8], path: String, onRecord: ([LogOperation]) throws -> Void) throws -> Result {
        try checkHeader(bytes, path: path)
        var result = Result()
        try bytes.withUnsafeBytes { raw in
            var offset = RecordFrame.headerSize
            while offset < raw.count {
                guard let record = RecordFrame.record(in: raw, at: offset) else {
                    result.damage = "frame at byte \(offset) is incomplete or fails its length/CRC check"
                    break
                }
                let operations: [LogOperation]
                do {
                    operations = try LogOperation.decode(recordBytes: record)
                } catch {
                    result.damage = "record at byte \(offset) is not a valid record: \(error)"
                    break
                }
                try onRecord(operations)
                result.records += 1
                offset += RecordFrame.frameOverhead + record.count
            }
            result.validLength = offset
            if offset < raw.count {
                if hasValidFrame(in: raw, after: offset) {
                    result.corruptionOffset = offset
                } else {
                    result.tornTailBytes = raw.count - offset
                }
            }
        }
        return result
    }

    private static func checkHeader(_ bytes: [UInt8], path: String) throws {
        guard bytes.count >= RecordFrame.headerSize, Array(bytes[0..<8]) == RecordFrame.magic else {
            throw DataFileError(kind: .notADataFile, message: "\(path) is not a Speak AI data file (its header is missing or wrong)")
        }
        let version = UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24
        guard version == RecordFrame.formatVersion else {
            throw DataFileError(kind: .notADataFile, message: "\(path) has data format version \(version); this build reads version \(RecordFrame.formatVersion)")
        }
    }

    /// Whether any intact frame starts after `offset` (so the damage is not just a torn tail).
    private static func hasValidFrame(in raw: UnsafeRawBufferPointer, after offset: Int) -> Bool {
        var candidate = offset + 1
        while candidate + RecordFrame.frameOverhead + 5 <= raw.count {
            if let record = RecordFrame.record(in: raw, at: candidate), (try? Document(bsonBytes: record)) != nil {
                return true
            }
            candidate += 1
        }
        return false
    }
}
