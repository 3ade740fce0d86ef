import Domain
import Hummingbird

/// A user as the API shows it (key `_id`, as the original did).
struct UserResponse: ResponseEncodableDTO {
    var name: String
    var email: String
    var id: String
    var avatarURL: String?
    var role: String
    var createdAt: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case name, email, id = "_id", avatarURL = "avatar_url", role, createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ user: User) {
        name = user.name
        email = user.email
        id = user.id.hex
        avatarURL = user.avatarURL
        role = user.role.rawValue
        createdAt = NaiveISODate.string(user.createdAt)
        updatedAt = NaiveISODate.string(user.updatedAt)
    }
}

/// `POST /api/users/register`'s answer: the user's fields, then a token.
struct RegisterResponse: ResponseEncodableDTO {
    var user: UserResponse
    var accessToken: String
    var tokenType = "bearer"

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type"
    }

    init(_ user: User, token: String) {
        self.user = UserResponse(user)
        accessToken = token
    }

    func encode(to encoder: any Encoder) throws {
        try user.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accessToken, forKey: .accessToken)
        try c.encode(tokenType, forKey: .tokenType)
    }
}

/// `POST /api/users/login`'s answer (OAuth2 token response).
struct LoginResponse: ResponseEncodableDTO {
    var accessToken: String
    var tokenType = "bearer"
    var expiresIn: Int
    var scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", scope
    }
}
