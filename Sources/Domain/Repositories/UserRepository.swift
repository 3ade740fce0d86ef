import BSON
import DocumentStore
import Foundation

/// The `users` collection: lookups by id and by e-mail, registration with a unique e-mail,
/// profile changes and soft deletion. Addresses are stored as typed (the original's way) and
/// matched without regard to letter case through a unique case-insensitive index, so there is
/// one account per address whatever its case — for the original service sharing the data too.
public struct UserRepository: Sendable {
    private let users: any DocumentCollection
    /// The unique index on `email` under `Collation.caseInsensitive`.
    public static let caseInsensitiveEmailIndex = "email_1_case_insensitive"

    public init(store: any DocumentStore) {
        users = store.collection("users")
    }

    /// Creates the indexes the queries need: unique on `email` as stored (the original's
    /// exact look-ups use it) and unique on `email` case-insensitively.
    /// - Returns: what could not be made: addresses stored before that differ only in case
    ///   keep the case-insensitive index from being built (look-ups still work, by a scan)
    ///   until one of the accounts is changed.
    public func prepare() async throws -> [String] {
        try await users.createIndex(IndexModel(keys: ["email": 1], unique: true))
        do {
            try await users.createIndex(IndexModel(keys: ["email": 1], name: Self.caseInsensitiveEmailIndex, unique: true, collation: .caseInsensitive))
        } catch let error as StoreError where error.code == 11000 {
            return ["users: two accounts have e-mail addresses that differ only in letter case, so the case-insensitive unique index "
                + "\(Self.caseInsensitiveEmailIndex) was not built (\(error)); change one of them and restart"]
        }
        return []
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

    /// The user with this address: as stored, else without regard to letter case (both through
    /// an index).
    public func find(email: String) async throws -> User? {
        if let exact = try await users.findOne(["email": .string(email)]) { return try User(document: exact) }
        return try await users.findOne(["email": .string(email)], options: FindOptions(collation: .caseInsensitive)).map(User.init(document:))
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
