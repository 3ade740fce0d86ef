import BSON
import CLibBSON
import DocumentStore

/// A libbson document (`bson_t *`) made from a `Document` and destroyed with this object. It is
/// used by one thread at a time, inside one blocking libmongoc call.
final class BSONHandle {
    /// The `bson_t *`; valid until this object is released.
    let pointer: OpaquePointer

    /// A libbson copy of `document`.
    /// - Throws: `StoreError.badValue` when the document cannot be written as BSON.
    init(_ document: Document) throws {
        let bytes: [UInt8]
        do {
            bytes = try document.bsonBytes()
        } catch {
            throw StoreError.badValue("The document cannot be written as BSON: \(error)")
        }
        guard let pointer = bytes.withUnsafeBufferPointer({ bson_new_from_data($0.baseAddress, $0.count) }) else {
            throw StoreError.badValue("libbson refused the document")
        }
        self.pointer = pointer
    }

    deinit { bson_destroy(pointer) }
}

extension Document {
    /// A copy of the libbson document at `pointer` (which stays owned by the caller), checked
    /// like any untrusted bytes.
    init(copyingLibBSON pointer: OpaquePointer) throws {
        guard let data = bson_get_data(pointer) else { throw StoreError.badValue("libbson returned no document") }
        let length = Int(UnsafeRawPointer(data).loadUnaligned(as: Int32.self).littleEndian)
        do {
            try self.init(bsonBytes: UnsafeRawBufferPointer(start: data, count: length))
        } catch {
            throw StoreError(code: 1, codeName: "InternalError", message: "MongoDB answered with a document that is not valid BSON: \(error)")
        }
    }
}

/// Runs `body` with an empty libbson document in aligned scratch memory (a libmongoc `reply`
/// out-parameter) and destroys it afterwards. The document never outlives `body`.
func withScratchDocument<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
    try withUnsafeTemporaryAllocation(byteCount: 128, alignment: 128) { buffer in
        // A temporary allocation of a non-zero size always has a base address.
        let pointer = OpaquePointer(buffer.baseAddress.unsafelyUnwrapped)
        bson_init(pointer)
        defer { bson_destroy(pointer) }
        return try body(pointer)
    }
}
