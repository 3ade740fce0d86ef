import BSON
import CSQLite
import Foundation

/// The baseline store: SQLite in WAL mode with `synchronous=FULL` (a commit is durable when it
/// returns, as ours is), documents as BSON blobs keyed by `_id`, plus an `email` column with an
/// index and an unindexed `age` column.
final class SQLiteBaseline: @unchecked Sendable {
    private var db: OpaquePointer?
    private var insert: OpaquePointer?
    private var byId: OpaquePointer?
    private var byEmail: OpaquePointer?
    private var byAge: OpaquePointer?
    private var emailRange: OpaquePointer?
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil) == SQLITE_OK else {
            throw BenchError("cannot open \(path)")
        }
        sqlite3_busy_timeout(db, 60_000)
        try exec("PRAGMA journal_mode=WAL")
        try exec("PRAGMA synchronous=FULL")
        try exec("CREATE TABLE IF NOT EXISTS docs(id BLOB PRIMARY KEY, email TEXT, age INTEGER, body BLOB) WITHOUT ROWID")
        try exec("CREATE INDEX IF NOT EXISTS docs_email ON docs(email)")
        insert = try prepare("INSERT INTO docs(id, email, age, body) VALUES(?, ?, ?, ?)")
        byId = try prepare("SELECT body FROM docs WHERE id = ?")
        byEmail = try prepare("SELECT body FROM docs WHERE email = ?")
        byAge = try prepare("SELECT body FROM docs WHERE age > ?")
        emailRange = try prepare("SELECT body FROM docs WHERE email > ? ORDER BY email LIMIT ?")
    }

    deinit {
        for statement in [insert, byId, byEmail, byAge, emailRange] { sqlite3_finalize(statement) }
        sqlite3_close(db)
    }

    func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchError("\(sql): \(String(cString: sqlite3_errmsg(db)))") }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw BenchError("prepare \(sql)") }
        return statement
    }

    /// Inserts one document (autocommit: one durable transaction).
    func insert(_ document: Document) throws {
        let body = try document.bsonBytes()
        let id = document["_id"]?.objectIdValue?.bytes ?? []
        sqlite3_reset(insert)
        id.withUnsafeBytes { _ = sqlite3_bind_blob(insert, 1, $0.baseAddress, Int32($0.count), Self.transient) }
        _ = sqlite3_bind_text(insert, 2, document["email"]?.stringValue ?? "", -1, Self.transient)
        _ = sqlite3_bind_int64(insert, 3, document["age"]?.exactInt64 ?? 0)
        body.withUnsafeBytes { _ = sqlite3_bind_blob(insert, 4, $0.baseAddress, Int32($0.count), Self.transient) }
        guard sqlite3_step(insert) == SQLITE_DONE else { throw BenchError("insert: \(String(cString: sqlite3_errmsg(db)))") }
    }

    /// Inserts documents in one transaction.
    func insertBatch(_ documents: [Document]) throws {
        try exec("BEGIN")
        for document in documents { try insert(document) }
        try exec("COMMIT")
    }

    private func documents(_ statement: OpaquePointer?) throws -> [Document] {
        var out: [Document] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            let count = Int(sqlite3_column_bytes(statement, 0))
            guard let blob = sqlite3_column_blob(statement, 0) else { continue }
            out.append(try Document(bsonBytes: UnsafeRawBufferPointer(start: blob, count: count)))
        }
        return out
    }

    /// The number of rows.
    func count() throws -> Int {
        let statement = try prepare("SELECT count(*) FROM docs")
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { throw BenchError("count failed") }
        return Int(sqlite3_column_int64(statement, 0))
    }

    /// The document with this `_id`, decoded.
    func find(id: ObjectId) throws -> Document? {
        sqlite3_reset(byId)
        id.bytes.withUnsafeBytes { _ = sqlite3_bind_blob(byId, 1, $0.baseAddress, Int32($0.count), Self.transient) }
        return try documents(byId).first
    }

    func find(email: String) throws -> [Document] {
        sqlite3_reset(byEmail)
        _ = sqlite3_bind_text(byEmail, 1, email, -1, Self.transient)
        return try documents(byEmail)
    }

    /// The first `limit` documents by email after `email` (the indexed range with sort).
    func find(emailAfter email: String, limit: Int) throws -> [Document] {
        sqlite3_reset(emailRange)
        _ = sqlite3_bind_text(emailRange, 1, email, -1, Self.transient)
        _ = sqlite3_bind_int64(emailRange, 2, Int64(limit))
        return try documents(emailRange)
    }

    func find(ageAbove age: Int64) throws -> [Document] {
        sqlite3_reset(byAge)
        _ = sqlite3_bind_int64(byAge, 1, age)
        return try documents(byAge)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The SQLite library's version text.
func sqliteLibraryVersion() -> UnsafePointer<CChar> { sqlite3_libversion() }
