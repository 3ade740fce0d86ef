import BSON
import DocumentStore
import Foundation
import Synchronization

/// The wire protocol's users, kept in the data file as MongoDB keeps them (`admin.system.users`:
/// `{_id: "db.name", user, db, credentials: {"SCRAM-SHA-256": {…}}, roles: [{role, db}]}`).
/// Only the user commands reach that collection; whether any user exists is cached, so the
/// check on every command costs nothing.
final class WireUserDirectory: Sendable {
    /// A user as the server knows it.
    struct User: Sendable {
        var name: String
        var database: String
        var credentials: ScramSHA256.Credentials
        var roles: [WireRole]
    }

    private let users: any DocumentCollection
    private let anyUser = Mutex<Bool?>(nil)
    /// The collection's name in the store.
    static let collectionName = "admin.system.users"

    init(store: any DocumentStore) {
        users = store.collection(Self.collectionName)
    }

    /// Whether any user exists (then every command but the handshake needs credentials).
    func exists() async throws -> Bool {
        if let known = anyUser.withLock({ $0 }) { return known }
        let found = try await users.countDocuments([:]) > 0
        anyUser.withLock { $0 = found }
        return found
    }

    func find(_ name: String, database: String) async throws -> User? {
        guard let document = try await users.findOne(["_id": .string("\(database).\(name)")]) else { return nil }
        return Self.user(document)
    }

    /// - Throws: 51003 when the user exists.
    func create(_ user: User) async throws {
        do {
            try await users.insertOne(Self.document(user))
        } catch let error as StoreError where error.code == 11000 {
            throw WireCommandError(code: 51003, codeName: "Location51003", message: "User \"\(user.name)@\(user.database)\" already exists")
        }
        anyUser.withLock { $0 = true }
    }

    /// Replaces a user's password and/or roles. - Throws: 11 UserNotFound.
    func update(_ name: String, database: String, credentials: ScramSHA256.Credentials?, roles: [WireRole]?) async throws {
        guard var user = try await find(name, database: database) else { throw Self.notFound(name, database) }
        if let credentials { user.credentials = credentials }
        if let roles { user.roles = roles }
        _ = try await users.replaceOne(["_id": .string("\(database).\(name)")], Self.document(user))
    }

    /// - Throws: 11 UserNotFound.
    func drop(_ name: String, database: String) async throws {
        guard try await users.deleteOne(["_id": .string("\(database).\(name)")]) == 1 else { throw Self.notFound(name, database) }
        anyUser.withLock { $0 = nil }
    }

    /// The users of `database` (every database's when `nil`), optionally only those named.
    func list(database: String?, names: [String]?) async throws -> [User] {
        var filter: Document = [:]
        if let database { filter["db"] = .string(database) }
        if let names { filter["user"] = ["$in": .array(names.map(BSONValue.string))] }
        return try await users.find(filter, options: FindOptions(sort: ["_id": 1])).compactMap(Self.user)
    }

    static func notFound(_ name: String, _ database: String) -> WireCommandError {
        WireCommandError(code: 11, codeName: "UserNotFound", message: "User \"\(name)@\(database)\" not found")
    }

    private static func document(_ user: User) -> Document {
        let scram: Document = [
            "iterationCount": .int32(Int32(clamping: user.credentials.iterationCount)), "salt": .string(Data(user.credentials.salt).base64EncodedString()),
            "storedKey": .string(Data(user.credentials.storedKey).base64EncodedString()),
            "serverKey": .string(Data(user.credentials.serverKey).base64EncodedString()),
        ]
        return [
            "_id": .string("\(user.database).\(user.name)"), "user": .string(user.name), "db": .string(user.database),
            "credentials": ["SCRAM-SHA-256": .document(scram)],
            "roles": .array(user.roles.map { ["role": .string($0.name.rawValue), "db": .string($0.database)] }),
        ]
    }

    private static func user(_ d: Document) -> User? {
        guard let name = d["user"]?.stringValue, let database = d["db"]?.stringValue,
            let scram = d["credentials"]?.documentValue?["SCRAM-SHA-256"]?.documentValue,
            let iterations = scram["iterationCount"]?.integerValue,
            let salt = scram["salt"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
            let stored = scram["storedKey"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
            let server = scram["serverKey"]?.stringValue.flatMap({ Data(base64Encoded: $0) })
        else { return nil }
        let roles: [WireRole] = (d["roles"]?.arrayValue ?? []).compactMap { value in
            guard let role = value.documentValue, let name = role["role"]?.stringValue.flatMap(WireRole.Name.init(rawValue:)),
                let db = role["db"]?.stringValue
            else { return nil }
            return WireRole(name: name, database: db)
        }
        return User(
            name: name, database: database,
            credentials: ScramSHA256.Credentials(iterationCount: iterations, salt: Array(salt), storedKey: Array(stored), serverKey: Array(server)),
            roles: roles)
    }
}
