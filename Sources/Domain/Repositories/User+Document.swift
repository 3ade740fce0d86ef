import BSON
import Foundation

extension User {
    /// The `users` document of the original service: `_id, name, email, password, role,
    /// created_at, updated_at`, then `avatar_url` once set and `deleted, deleted_at` once deleted.
    var document: Document {
        var d: Document = [
            "_id": .objectId(id.objectId), "name": .string(name), "email": .string(email),
            "password": .string(passwordHash), "role": .string(role.rawValue),
            "created_at": .datetime(BSONDateTime(createdAt)), "updated_at": .datetime(BSONDateTime(updatedAt)),
        ]
        if let avatarURL { d["avatar_url"] = .string(avatarURL) }
        if let deletedAt {
            d["deleted"] = true
            d["deleted_at"] = .datetime(BSONDateTime(deletedAt))
        }
        return d
    }

    /// Reads a stored user; documents written by the original service read the same way.
    init(document d: Document) throws {
        guard let id = d["_id"]?.objectIdValue, let email = d["email"]?.stringValue,
            let password = d["password"]?.stringValue
        else { throw DomainError.corruptDocument(collection: "users", id: d["_id"]) }
        let created = d["created_at"]?.datetimeValue?.date ?? id.creationDate
        self.init(
            id: UserID(id), name: d["name"]?.stringValue ?? "", email: email, passwordHash: password,
            role: Role(rawValue: d["role"]?.stringValue ?? "user") ?? .user, avatarURL: d["avatar_url"]?.stringValue,
            createdAt: created, updatedAt: d["updated_at"]?.datetimeValue?.date ?? created,
            deletedAt: d["deleted"] == true ? (d["deleted_at"]?.datetimeValue?.date ?? created) : nil)
    }
}
