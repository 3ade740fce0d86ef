import Domain
import Foundation
import Hummingbird

/// Issues access tokens and turns a request's bearer token into its user, with the original
/// service's 401 answers: "Not authenticated" (no token), "Token has expired", "Could not
/// validate credentials" (anything else, including a deleted user).
struct Authenticator: Sendable {
    let tokens: JSONWebToken
    let users: UserRepository
    let lifetimeMinutes: Int

    /// The scopes a user's tokens carry.
    static func scopes(for user: User) -> [String] { [user.role == .admin ? "admin" : "user"] }

    func issueToken(for user: User, now: Date = Date()) throws -> String {
        let expiry = Int(now.timeIntervalSince1970) + lifetimeMinutes * 60
        return try tokens.sign(TokenClaims(sub: user.email, exp: expiry, scopes: Self.scopes(for: user)))
    }

    /// The user of the request's bearer token. With `queryToken`, a `token` query parameter is
    /// accepted too (WebSocket clients in browsers cannot set headers).
    func user(for request: Request, queryToken: Bool = false) async throws -> User {
        var token: String?
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        } else if queryToken {
            token = request.formQuery.get("token")
        }
        guard let token, !token.isEmpty else { throw Self.notAuthenticated }
        let claims: TokenClaims
        do {
            claims = try tokens.verify(token)
        } catch TokenError.expired {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Token has expired")
        } catch {
            throw Self.invalidCredentials
        }
        guard let user = try await users.find(email: claims.sub), !user.isDeleted else { throw Self.invalidCredentials }
        return user
    }

    static let notAuthenticated = HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Not authenticated")
    static let invalidCredentials = HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Could not validate credentials")
}
