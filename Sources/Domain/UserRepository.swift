import BSON
import DocumentStore
import Foundation

/// The `users` collection: lookups by id and by e-mail (case-insensitive), registration with a
/// unique e-mail, profile changes and soft deletion.
public struct UserRepository: Sendable {
    private let users: any DocumentCollection

    public init(store: any DocumentStore) {
        users = store.collection("users")
    }

    /// Creates the indexes the queries need (a unique index on `email`).
    public func prepare() async throws {
        try await users.createIndex(IndexModel(keys: ["email": 1], unique: true))
    }

    /// Stores a new user.
    /// - Throws: `DomainError.emailTaken` when the address is in use, in any letter case.
    public func insert(_ user: User) async throws {
        if try await find(email: user.email) != nil { throw DomainError.emailTaken }
        do {
            try await users.insertOne(user.document)
        } catch let error as StoreError where error.code == 11000 {
            throw DomainError.emailTaken
        }
    }

    public func find(id: UserID) async throws -> User? {
        try await users.findOne(["_id": .objectId(id.objectId)]).map(User.init(document:))
    }

    /// The user with this address, compared without regard to letter case (addresses stored by
    /// the original service keep the case of their local part).
    public func find(email: String) async throws -> User? {
        // Exact first (a token's `sub` is the stored address), then lower-cased (new accounts),
        // then a case-insensitive scan for addresses the original stored in mixed case.
        if let exact = try await users.findOne(["email": .string(email)]) { return try User(document: exact) }
        let lowered = email.lowercased()
        if lowered != email, let found = try await users.findOne(["email": .string(lowered)]) { return try User(document: found) }
        let pattern = "^" + NSRegularExpression.escapedPattern(for: lowered) + "$"
        return try await users.findOne(["email": .regex(BSONRegex(pattern: pattern, options: "i"))]).map(User.init(document:))
    }

    /// Sets the name and/or avatar and `updated_at`; returns the updated user.
    public func updateProfile(id: UserID, name: String?, avatarURL: String?, at now: Date) async throws -> User? {
        var set: Document = ["updated_at": .datetime(BSONDateTime(now))]
        if let name { set["name"] = .string(name) }
        if let avatarURL { set["avatar_url"] = .string(avatarURL) }
        let updated = try await users.findOneAndUpdate(
            ["_id": .objectId(id.objectId), "deleted": ["$ne": true]], ["$set": .document(set)],
            options: FindOneAndUpdateOptions(returnDocument: .after))
        return try updated.map(User.init(document:))
    }

    /// Marks the user deleted (`deleted`, `deleted_at`, `updated_at`); false when there was none.
    public func softDelete(id: UserID, at now: Date) async throws -> Bool {
        let result = try await users.updateOne(
            ["_id": .objectId(id.objectId), "deleted": ["$ne": true]],
            ["$set": ["deleted": true, "deleted_at": .datetime(BSONDateTime(now)), "updated_at": .datetime(BSONDateTime(now))]])
        return result.modifiedCount == 1
    }

    /// Users that are not deleted, oldest first.
    public func listActive() async throws -> [User] {
        try await users.find(["deleted": ["$ne": true]], options: FindOptions(sort: ["created_at": 1])).map(User.init(document:))
    }
}
