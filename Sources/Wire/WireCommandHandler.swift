import BSON
import DocumentStore
import Foundation
import Synchronization

/// Answers MongoDB commands over a `DocumentStore`. The store has one namespace of collections:
/// the database `defaultDatabase` maps onto it directly, any other database `D` onto
/// collections named `D.<collection>`, so tools can use scratch databases beside the server's.
public final class WireCommandHandler: Sendable {
    let store: any DocumentStore
    let defaultDatabase: String
    let cursors = CursorRegistry()
    /// The wire protocol's users, and each connection's authentication.
    let users: WireUserDirectory
    let sessions = WireSessions()
    let startedAt = Date()
    private let connections = Atomic<Int64>(0)
    static let maxMessageSize = 48_000_000
    static let maxDocumentSize = 16 * 1024 * 1024

    public init(store: any DocumentStore, defaultDatabase: String) {
        self.store = store
        self.defaultDatabase = defaultDatabase
        users = WireUserDirectory(store: store)
    }

    /// A connection began; `local` when it came over loopback or a Unix socket.
    func connectionOpened(_ connectionID: Int64, local: Bool) { sessions.opened(connectionID, local: local) }

    /// A connection ended: its authentication and SCRAM exchanges are forgotten.
    func connectionClosed(_ connectionID: Int64) { sessions.closed(connectionID) }

    /// A new connection's id (for `hello`).
    func nextConnectionID() -> Int64 { connections.add(1, ordering: .relaxed).newValue }

    /// The reply to one command; failures are `{ok: 0, errmsg, code, codeName}`, never thrown.
    public func respond(to command: Document, connectionID: Int64 = 0) async -> Document {
        guard let name = command.firstField?.key else { return Self.failure(.badValue("empty command")) }
        let database = command["$db"]?.stringValue ?? "admin"
        do {
            return try await run(name, command, database: database, connectionID: connectionID)
        } catch let error as WireCommandError {
            return Self.failure(error)
        } catch let error as StoreError {
            return Self.failure(WireCommandError(code: error.code, codeName: error.codeName, message: error.message))
        } catch {
            return Self.failure(WireCommandError(code: 1, codeName: "InternalError", message: "\(error)"))
        }
    }

    static func failure(_ error: WireCommandError) -> Document {
        ["ok": 0.0, "errmsg": .string(error.message), "code": .int32(error.code), "codeName": .string(error.codeName)]
    }

    private func run(_ name: String, _ command: Document, database: String, connectionID: Int64) async throws -> Document {
        // A standalone mongod's answer to transactions and retryable writes: nothing of a
        // transaction is applied at once and later "aborted" without effect.
        if command["txnNumber"] != nil || command["autocommit"] != nil || command["startTransaction"] != nil
            || ["committransaction", "aborttransaction"].contains(name.lowercased())
        {
            throw WireCommandError(code: 20, codeName: "IllegalOperation", message: "Transaction numbers are only allowed on a replica set member or mongos")
        }
        try Self.refuseUnsupportedOptions(name.lowercased(), command)
        if name.lowercased() == "renamecollection" {
            // Run on admin, judged on the databases it touches, as mongod does.
            for namespace in [command.firstField?.value, command["to"]] {
                let touched = namespace?.stringValue?.split(separator: ".", maxSplits: 1).first.map(String.init) ?? database
                try await authorize("renamecollection", database: touched, connectionID: connectionID)
            }
        } else {
            try await authorize(name.lowercased(), database: database, connectionID: connectionID)
        }
        try refuseSystemCollections(name.lowercased(), command)
        switch name.lowercased() {
        case "hello", "ismaster":
            var reply = hello(command, legacy: name.lowercased() == "ismaster", connectionID: connectionID)
            for (key, value) in await authenticationHello(command, connectionID: connectionID) { reply[key] = value }
            return reply
        case "saslstart": return try await saslStart(command, database: database, connectionID: connectionID)
        case "saslcontinue": return try saslContinue(command, connectionID: connectionID)
        case "logout": return logout(connectionID: connectionID)
        case "createuser": return try await createUser(command, database: database)
        case "updateuser": return try await updateUser(command, database: database)
        case "dropuser": return try await dropUser(command, database: database)
        case "usersinfo": return try await usersInfo(command, database: database)
        case "ping": return ["ok": 1.0]
        case "buildinfo": return buildInfo()
        case "getparameter": return getParameter(command)
        case "endsessions", "killallsessions", "refreshsessions": return ["ok": 1.0]
        case "whatsmyuri": return ["you": "127.0.0.1", "ok": 1.0]
        case "getcmdlineopts": return ["argv": [], "parsed": [:], "ok": 1.0]
        case "hostinfo": return ["system": ["hostname": .string(ProcessInfo.processInfo.hostName)], "ok": 1.0]
        case "serverstatus": return serverStatus()
        case "listdatabases": return try await listDatabases(command)
        case "listcollections": return try await listCollections(command, database: database)
        case "create": return try await create(command, database: database)
        case "drop": return try await drop(command, database: database)
        case "renamecollection": return try await renameCollection(command, database: database)
        case "collmod": throw WireCommandError.notImplemented("collMod (validators, views, TTL and index changes)")
        case "dropdatabase": return try await dropDatabase(database)
        case "insert": return try await insert(command, database: database)
        case "find": return try await find(command, database: database)
        case "getmore": return try await getMore(command)
        case "killcursors": return killCursors(command)
        case "update": return try await update(command, database: database)
        case "delete": return try await delete(command, database: database)
        case "findandmodify": return try await findAndModify(command, database: database)
        case "count": return try await count(command, database: database)
        case "distinct": return try await distinct(command, database: database)
        case "aggregate": return try await aggregate(command, database: database)
        case "createindexes": return try await createIndexes(command, database: database)
        case "listindexes": return try await listIndexes(command, database: database)
        case "dropindexes", "deleteindexes": return try await dropIndexes(command, database: database)
        default: throw WireCommandError.commandNotFound(name)
        }
    }

    /// Options that would change results and are not implemented yet, by command (and, for
    /// `update` and `delete`, by statement): refused, never silently ignored.
    private static let unsupportedOptions: [String: [String]] = [
        "count": ["collation", "let"], "distinct": ["collation", "let"], "aggregate": ["collation"],
        "create": ["viewOn", "pipeline", "capped", "timeseries", "validator", "clusteredIndex", "collation", "encryptedFields", "changeStreamPreAndPostImages"],
    ]
    private static let unsupportedStatementOptions: [String: (field: String, options: [String])] = [
        "update": ("updates", ["sort"]),
    ]

    private static func refuseUnsupportedOptions(_ name: String, _ command: Document) throws {
        for option in unsupportedOptions[name] ?? [] where command[option] != nil {
            throw WireCommandError.notImplemented("the option '\(option)' of \(name)")
        }
        guard let (field, options) = unsupportedStatementOptions[name], case .array(let statements)? = command[field] else { return }
        for case .document(let statement) in statements {
            for option in options where statement[option] != nil {
                throw WireCommandError.notImplemented("the option '\(option)' of \(name) statements")
            }
        }
    }

    /// The users' collection is reached only through the user commands.
    private func refuseSystemCollections(_ name: String, _ command: Document) throws {
        guard name != "listcollections", name != "listdatabases", case .string(let target)? = command.firstField?.value,
            target.hasPrefix("system.")
        else { return }
        throw WireCommandError(code: 13, codeName: "Unauthorized", message: "not authorized to run \(name) on \(target): system collections are managed by their own commands")
    }

    /// The store's collection name for `collection` of `database`.
    func storeName(_ collection: String, database: String) throws -> String {
        guard !collection.isEmpty, !collection.contains("$"), !collection.contains("\0") else {
            throw WireCommandError.invalidNamespace("Invalid collection name: '\(collection)'")
        }
        return database == defaultDatabase ? collection : "\(database).\(collection)"
    }

    /// The collection a command names in its first field.
    func target(_ command: Document, database: String) throws -> (any DocumentCollection, namespace: String) {
        guard let name = command.firstField?.value.stringValue else {
            throw WireCommandError.typeMismatch("collection name has invalid type \(command.firstField.map { "\($0.value.type)" } ?? "missing")")
        }
        return (store.collection(try storeName(name, database: database)), "\(database).\(name)")
    }

    /// The names of `database`'s collections.
    func collections(of database: String) async throws -> [String] {
        let all = try await store.listCollections()
        if database == defaultDatabase { return all.filter { !$0.contains(".") } }
        return all.filter { $0.hasPrefix(database + ".") }.map { String($0.dropFirst(database.count + 1)) }
    }

    /// A cursor reply: the first batch now, the rest through `getMore`.
    func cursorReply(_ documents: [Document], namespace: String, batchSize: Int?, single: Bool = false) async throws -> Document {
        try await cursorReply(MaterializedCursor(documents[...]), namespace: namespace, batchSize: batchSize, single: single)
    }

    /// A cursor reply over a cursor: its first batch now (101 documents unless `batchSize` says
    /// otherwise), the rest through `getMore` unless it is exhausted or `single`.
    func cursorReply(_ cursor: any DocumentCursor, namespace: String, batchSize: Int?, single: Bool = false) async throws -> Document {
        let first = try await cursor.next(count: batchSize ?? 101, maximumBytes: Self.maxDocumentSize)
        let id = cursor.isExhausted || single ? 0 : cursors.open(namespace: namespace, cursor: cursor)
        return ["cursor": ["firstBatch": .array(first.map(BSONValue.document)), "id": .int64(id), "ns": .string(namespace)], "ok": 1.0]
    }
}
