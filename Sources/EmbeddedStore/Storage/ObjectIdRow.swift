import BSON
import DocumentStore

/// The row id a document whose `_id` is an ObjectId is stored under when that row is free: from
/// 2⁶² up, made of the id's seconds, 6 bits of its per-process random part and its counter. A
/// look-up by `_id` then reads that row straight from the collection's table (one B-tree, as a
/// table keyed by `_id` would) and falls back to the `_id` key's unique index only when the row
/// holds another document (two ids made the same row id) or none (a document stored before
/// rows were made this way).
///
/// Every other document (another kind of `_id`, or an ObjectId whose row is taken) takes the
/// next row id below 2⁶², in insertion order, so it never takes an ObjectId's row. Natural order
/// follows: those documents in insertion order, then the ObjectIds' in creation order (which
/// for ids made at insertion is insertion order; as in MongoDB's clustered collections, whose
/// natural order is `_id` order).
enum ObjectIdRow {
    /// The first row id made from an ObjectId; every row below is given in sequence.
    static let firstMade: Int64 = 1 << 62

    /// The first byte of every ObjectId's key.
    static let objectIdRank = UInt8(BSONOrder.typeRank(.objectId(ObjectId(bytes: [UInt8](repeating: 0, count: 12)))))

    /// The row id for the document whose `_id` key is `key`; `nil` unless it is an ObjectId's.
    static func row(forKey key: [UInt8]) -> Int64? {
        guard key.count == 13, key[0] == objectIdRank else { return nil }
        var seconds: Int64 = 0
        for i in 1...4 { seconds = seconds << 8 | Int64(key[i]) }
        let process = Int64(key[9] & 0x3F)
        let counter = Int64(key[10]) << 16 | Int64(key[11]) << 8 | Int64(key[12])
        // 32 + 6 + 24 = 62 bits above 2⁶²: never past Int64.max.
        return firstMade | seconds << 30 | process << 24 | counter
    }
}
