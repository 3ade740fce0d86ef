import Foundation

/// A learner (or an administrator) of the service.
public struct User: Sendable, Equatable {
    /// What a user may do: `admin` may list users.
    public enum Role: String, Sendable, Codable {
        case user
        case admin
    }

    public var id: UserID
    /// The name as typed at registration (trimmed of surrounding spaces).
    public var name: String
    /// The e-mail address, lower-cased (the login name).
    public var email: String
    /// The bcrypt hash (`$2b$…`) of the password.
    public var passwordHash: String
    public var role: Role
    public var avatarURL: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Soft deletion: a deleted user can neither log in nor use an old token.
    public var deletedAt: Date?

    public init(
        id: UserID = .generate(), name: String, email: String, passwordHash: String, role: Role = .user,
        avatarURL: String? = nil, createdAt: Date, updatedAt: Date, deletedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.avatarURL = avatarURL
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deletedAt = deletedAt
    }

    /// Whether the account was deleted.
    public var isDeleted: Bool { deletedAt != nil }
}
