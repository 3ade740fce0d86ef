import BSON
import DocumentStore

/// A document as stored in its collection's table: `[CRC-32C of (_id key ‖ BSON), 4 bytes LE]
/// [BSON]`, keyed by the `_id`'s KeyString. MongoDB's limits are checked on the way in exactly as
/// they hold on the way out, so nothing is acknowledged that cannot be read back; a checksum
/// that fails on the way out is reported as damage, never returned as data.
enum StoredDocument {
    /// MongoDB's limit on one document.
    static let maximumSize = 16 * 1024 * 1024
    /// MongoDB's limit on nesting for stored documents (the BSON reader accepts more).
    static let maximumDepth = 100

    /// The stored bytes of a document.
    /// - Throws: `StoreError` when the document is over 16 MiB (10334), nested deeper than 100
    ///   levels (15 Overflow) or not representable as BSON (2 BadValue: a NUL in a key).
    static func encode(_ document: Document, idKey: [UInt8], maximumDepth: Int = maximumDepth) throws -> [UInt8] {
        var stored: [UInt8]
        do {
            // One walk writes the bytes (behind room for the checksum) and checks the nesting.
            stored = try document.bsonBytes(maximumNesting: maximumDepth, leadingZeros: 4)
        } catch let error as BSONError where error.kind == .tooDeep {
            throw StoreError(code: 15, codeName: "Overflow", message: error.message)
        } catch let error as BSONError {
            throw StoreError.badValue("\(error)")
        }
        let size = stored.count - 4
        guard size <= maximumSize else {
            throw StoreError.documentTooLarge("object to insert too large. size in bytes: \(size), max size: \(maximumSize)")
        }
        stored.withUnsafeMutableBytes { bytes in
            let checksum = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[4...]), continuing: CRC32C.checksum(idKey))
            bytes.storeBytes(of: checksum.littleEndian, toByteOffset: 0, as: UInt32.self)
        }
        return stored
    }

    /// The document of stored bytes, checked against its checksum.
    /// - Throws: `StoreError.storageFailure` naming the damage.
    static func decode(_ stored: UnsafeRawBufferPointer, idKey: UnsafeRawBufferPointer, collection: String) throws -> Document {
        let bson = try verified(stored, idKey: idKey, collection: collection)
        return try decoding(collection) { try Document(bsonBytes: bson) }
    }

    /// The BSON of stored bytes whose checksum holds.
    static func verified(_ stored: UnsafeRawBufferPointer, idKey: UnsafeRawBufferPointer, collection: String) throws -> UnsafeRawBufferPointer {
        guard stored.count >= 9 else { throw damaged(collection, "is shorter than a document") }
        let expected = UInt32(littleEndian: stored.loadUnaligned(as: UInt32.self))
        let bson = UnsafeRawBufferPointer(rebasing: stored[4...])
        guard CRC32C.checksum(bson, continuing: CRC32C.checksum(idKey)) == expected else {
            throw damaged(collection, "fails its checksum")
        }
        return bson
    }

    /// Runs a decoding of checked bytes, naming a failure as damage.
    static func decoding<R>(_ collection: String, _ decode: () throws -> R) throws -> R {
        do {
            return try decode()
        } catch {
            throw damaged(collection, "is not valid BSON (\(error))")
        }
    }

    static func damaged(_ collection: String, _ what: String) -> StoreError {
        StoreError.storageFailure("a stored document of collection \(collection) \(what): the data file is damaged; run `speakai verify` and restore from a backup")
    }
}

/// An index entry's value: the document's `_id` key and a CRC-32C of (entry key ‖ `_id` key).
enum StoredIndexEntry {
    static func encode(key: [UInt8], idKey: [UInt8]) -> [UInt8] {
        var value = idKey
        let checksum = CRC32C.checksum(idKey, continuing: CRC32C.checksum(key))
        withUnsafeBytes(of: checksum.littleEndian) { value.append(contentsOf: $0) }
        return value
    }

    /// The `_id` key of an entry, checked.
    static func idKey(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, index: String) throws -> [UInt8] {
        [UInt8](try checkedIdKey(key: key, value: value, index: index))
    }

    /// The `_id` key of an entry, checked, as the part of `value` that holds it.
    static func checkedIdKey(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, index: String) throws -> UnsafeRawBufferPointer {
        guard value.count >= 5 else { throw damaged(index) }
        let idKey = UnsafeRawBufferPointer(rebasing: value[..<(value.count - 4)])
        let expected = UInt32(littleEndian: value.loadUnaligned(fromByteOffset: value.count - 4, as: UInt32.self))
        guard CRC32C.checksum(idKey, continuing: CRC32C.checksum(key)) == expected else { throw damaged(index) }
        return idKey
    }

    static func damaged(_ index: String) -> StoreError {
        StoreError.storageFailure("an entry of index \(index) fails its checksum: the data file is damaged; run `speakai verify` and restore from a backup")
    }
}
