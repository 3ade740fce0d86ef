import BSON
import Foundation

/// `createUser`, `updateUser`, `dropUser`, `usersInfo` and `logout`, as MongoDB answers them
/// (SCRAM-SHA-256 credentials only; the built-in roles `read`, `readWrite`, `dbAdmin`,
/// `userAdmin` and `root`).
extension WireCommandHandler {
    func createUser(_ command: Document, database: String) async throws -> Document {
        guard let name = command.firstField?.value.stringValue, !name.isEmpty else { throw WireCommandError.badValue("createUser needs a user name") }
        guard let password = command["pwd"]?.stringValue, !password.isEmpty else {
            throw WireCommandError.badValue("createUser needs a password ('pwd'): only SCRAM-SHA-256 users are supported")
        }
        try Self.checkMechanisms(command)
        let roles = try Self.roles(command["roles"], database: database)
        try await users.create(WireUserDirectory.User(
            name: name, database: database, credentials: ScramSHA256.credentials(password: Self.saslPrepared(password)), roles: roles))
        return ["ok": 1.0]
    }

    func updateUser(_ command: Document, database: String) async throws -> Document {
        guard let name = command.firstField?.value.stringValue else { throw WireCommandError.badValue("updateUser needs a user name") }
        try Self.checkMechanisms(command)
        let credentials = try command["pwd"].map { value -> ScramSHA256.Credentials in
            guard let password = value.stringValue, !password.isEmpty else { throw WireCommandError.badValue("pwd must be a non-empty string") }
            return ScramSHA256.credentials(password: Self.saslPrepared(password))
        }
        let roles = try command["roles"].map { try Self.roles($0, database: database) }
        guard credentials != nil || roles != nil else { throw WireCommandError.badValue("Must specify at least one field to update in updateUser") }
        try await users.update(name, database: database, credentials: credentials, roles: roles)
        return ["ok": 1.0]
    }

    func dropUser(_ command: Document, database: String) async throws -> Document {
        guard let name = command.firstField?.value.stringValue else { throw WireCommandError.badValue("dropUser needs a user name") }
        try await users.drop(name, database: database)
        return ["ok": 1.0]
    }

    func usersInfo(_ command: Document, database: String) async throws -> Document {
        let listed: [WireUserDirectory.User]
        switch command.firstField?.value {
        case .string(let name)?: listed = try await users.list(database: database, names: [name])
        case .document(let d)?: listed = try await users.list(database: d["db"]?.stringValue ?? database, names: d["user"]?.stringValue.map { [$0] } ?? [])
        case .array(let names)?: listed = try await users.list(database: database, names: names.compactMap(\.stringValue))
        default:
            let all = command.firstField?.value.documentValue?["forAllDBs"]?.boolValue == true
            listed = try await users.list(database: all ? nil : database, names: nil)
        }
        let described: [BSONValue] = listed.map { user in
            [
                "_id": .string("\(user.database).\(user.name)"), "user": .string(user.name), "db": .string(user.database),
                "roles": .array(user.roles.map { ["role": .string($0.name.rawValue), "db": .string($0.database)] }), "mechanisms": ["SCRAM-SHA-256"],
            ]
        }
        return ["users": .array(described), "ok": 1.0]
    }

    func logout(connectionID: Int64) -> Document {
        sessions.logout(connectionID)
        return ["ok": 1.0]
    }

    /// Refuses a `mechanisms` list without SCRAM-SHA-256 (SCRAM-SHA-1 is not supported).
    private static func checkMechanisms(_ command: Document) throws {
        guard let mechanisms = command["mechanisms"]?.arrayValue else { return }
        guard mechanisms.contains(.string("SCRAM-SHA-256")) else {
            throw WireCommandError.badValue("only the SCRAM-SHA-256 mechanism is supported")
        }
    }

    /// `roles`: names (on the command's database) or `{role, db}` documents.
    /// - Throws: 31 RoleNotFound for any role but the five built-in ones.
    private static func roles(_ value: BSONValue?, database: String) throws -> [WireRole] {
        guard let list = value?.arrayValue else { throw WireCommandError.badValue("roles must be an array") }
        return try list.map { item in
            let (name, db): (String?, String?)
            switch item {
            case .string(let n): (name, db) = (n, database)
            case .document(let d): (name, db) = (d["role"]?.stringValue, d["db"]?.stringValue)
            default: (name, db) = (nil, nil)
            }
            guard let name, let db, let role = WireRole.Name(rawValue: name), role != .root || db == "admin" else {
                throw WireCommandError(code: 31, codeName: "RoleNotFound", message: "Could not find role: \(name ?? "?")@\(db ?? database)")
            }
            return WireRole(name: role, database: db)
        }
    }

    /// The password as SCRAM compares it: compatibility-normalized, other spaces as U+0020 (the
    /// parts of SASLprep that change real passwords; drivers apply it too).
    static func saslPrepared(_ password: String) -> String {
        String(password.precomposedStringWithCompatibilityMapping.map { $0.isWhitespace && $0 != " " && $0.isASCII == false ? " " : $0 })
    }
}
