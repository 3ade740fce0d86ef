import BSON
import Foundation
import SQLite

/// The store's own tables written straight through SQLite, with no store around them: the same
/// table shapes as `TableAccess` creates, the same statements per durable single insert
/// (`BEGIN IMMEDIATE`, the document's row, its `email` entry, `COMMIT`), the same connection
/// type, pragmas and VFS as the store's writer, and rows of the same sizes (the `_id` key is a
/// type byte and the id, the document is its BSON behind a 4-byte checksum, the entry is the
/// email's key then the `_id` key, naming the `_id` key again behind a checksum). Checksums are
/// left as zeros and keys are not built by `KeyString`: that work belongs to the store.
///
/// Against SQLite's own layout it measures what the store's tables cost a commit; against the
/// store, what the store adds on top (the hand-off to the writer and back, encoding, checks).
final class StoreLayoutBaseline {
    /// Which `_id` index the documents' table has.
    enum IdIndex {
        /// Every document's `_id` key in a unique index (the store's format today).
        case full
        /// Only documents in rows given in sequence (`r < 2⁶²`) in a partial unique index, so
        /// an ObjectId's document stored in the row made from its id adds no `_id` entry: what
        /// taking the `_id` index out of the write path would be worth. The insert first looks
        /// its key up in that index, as such a format would have to.
        case partial
    }

    private let connection: SQLiteConnection
    private let idIndex: IdIndex
    private static let firstMade: Int64 = 1 << 62

    init(path: String, idIndex: IdIndex) throws {
        self.idIndex = idIndex
        connection = try SQLiteConnection(path: path, mode: .readWriteCreate, gatheringLogWrites: true)
        try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=2000")
        switch idIndex {
        case .full:
            try connection.execute("CREATE TABLE docs(r INTEGER PRIMARY KEY, k BLOB NOT NULL UNIQUE, v BLOB NOT NULL)")
        case .partial:
            try connection.execute("""
                CREATE TABLE docs(r INTEGER PRIMARY KEY, k BLOB NOT NULL, v BLOB NOT NULL);
                CREATE UNIQUE INDEX docs_k ON docs(k) WHERE r < \(Self.firstMade)
                """)
        }
        try connection.execute("CREATE TABLE email(k BLOB PRIMARY KEY, v BLOB NOT NULL, r INTEGER NOT NULL) WITHOUT ROWID")
    }

    /// Inserts one document in its own durable transaction.
    func insert(_ document: Document) throws {
        guard let id = document["_id"]?.objectIdValue, let email = document["email"]?.stringValue else {
            throw BenchError("a benchmark document has an ObjectId _id and an email")
        }
        let idKey = [UInt8(7)] + id.bytes
        let value = [UInt8](repeating: 0, count: 4) + (try document.bsonBytes())
        let entryKey = [UInt8(0x3C)] + Array(email.utf8) + [0] + idKey
        let entryValue = idKey + [0, 0, 0, 0]
        let row = Self.row(id.bytes)
        try connection.run("BEGIN IMMEDIATE")
        do {
            if idIndex == .partial {
                let probe = try connection.statement("SELECT r FROM docs WHERE k = ?1 AND r < \(Self.firstMade)")
                try probe.bind(idKey, at: 1)
                guard try !probe.step() else { throw BenchError("duplicate _id") }
                probe.reset()
            }
            let document = try connection.statement("INSERT INTO docs(k, v, r) VALUES(?1, ?2, ?3)")
            try document.bind(idKey, at: 1)
            try document.bind(value, at: 2)
            try document.bind(row, at: 3)
            try document.run()
            let entry = try connection.statement("INSERT INTO email(k, v, r) VALUES(?1, ?2, ?3)")
            try entry.bind(entryKey, at: 1)
            try entry.bind(entryValue, at: 2)
            try entry.bind(row, at: 3)
            try entry.run()
            try connection.run("COMMIT")
        } catch {
            _ = try? connection.run("ROLLBACK")
            throw error
        }
    }

    /// The row made from an ObjectId's bytes, as `ObjectIdRow` makes it.
    private static func row(_ id: [UInt8]) -> Int64 {
        let seconds = id[0..<4].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let counter = id[9..<12].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        return firstMade | seconds << 30 | Int64(id[8] & 0x3F) << 24 | counter
    }
}
