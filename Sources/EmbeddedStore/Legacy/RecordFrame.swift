/// The on-disk layout: a 16-byte header (`SPEAKAI\0`, format version, reserved), then frames
/// `[UInt32 length][UInt32 CRC-32C][BSON record]`, little-endian, each BSON record shaped like
/// a MongoDB oplog entry.
enum RecordFrame {
    static let magic: [UInt8] = Array("SPEAKAI\0".utf8)
    static let formatVersion: UInt32 = 1
    static let headerSize = 16
    static let frameOverhead = 8
    /// A frame longer than this is corrupt (a group commit of many documents can exceed 16 MiB).
    static let maximumRecordSize = 1 << 30

    static var header: [UInt8] {
        var bytes = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [0, 0, 0, 0])
        return bytes
    }

    /// Frames one BSON record.
    static func frame(_ record: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(record.count + frameOverhead)
        append(record, to: &out)
        return out
    }

    /// Appends a framed record to a buffer.
    static func append(_ record: [UInt8], to out: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(record.count).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: CRC32C.checksum(record).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: record)
    }

    /// The record of a valid frame at `offset`, or `nil` when the bytes there are not one.
    static func record(in bytes: UnsafeRawBufferPointer, at offset: Int) -> UnsafeRawBufferPointer? {
        guard offset + frameOverhead <= bytes.count else { return nil }
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        let crc = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
        guard length >= 5, length <= maximumRecordSize, length <= bytes.count - offset - frameOverhead else { return nil }
        let record = UnsafeRawBufferPointer(rebasing: bytes[(offset + frameOverhead)..<(offset + frameOverhead + length)])
        guard Int(UInt32(littleEndian: record.loadUnaligned(as: UInt32.self))) == length else { return nil }
        guard CRC32C.checksum(record) == crc else { return nil }
        return record
    }
}
