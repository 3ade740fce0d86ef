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
    /// Tokens already verified (the same token arrives with every request of a session).
    let verified = VerifiedTokenCache()

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
        if let header = Self.firstAuthorization(in: request.headers), let bearer = Self.bearerToken(in: header) {
            token = bearer
        } else if queryToken {
            token = request.formQuery.get("token")
        }
        guard let token, !token.isEmpty else { throw Self.notAuthenticated }
        let claims: TokenClaims
        let known = verified.entry(of: token)
        do {
            if let known {
                guard !known.claims.hasExpired(at: Date()) else { throw TokenError.expired }
                claims = known.claims
            } else {
                claims = try tokens.verify(token)
                verified.remember(token, claims: claims)
            }
        } catch TokenError.expired {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Token has expired")
        } catch {
            throw Self.invalidCredentials
        }
        // The user this token named last time, by `_id` (a cache hit), if it still holds the
        // token's address exactly; else by address, as the original service looks it up.
        if let id = known?.userID, let user = try await users.find(id: id), user.email == claims.sub {
            guard !user.isDeleted else { throw Self.invalidCredentials }
            return user
        }
        guard let user = try await users.find(email: claims.sub), !user.isDeleted else { throw Self.invalidCredentials }
        verified.remember(token, userID: user.id)
        return user
    }

    static let notAuthenticated = HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Not authenticated")
    static let invalidCredentials = HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Could not validate credentials")

    /// The first `Authorization` header, as Starlette's `headers.get` reads it (`HTTPFields`'
    /// subscript joins every value of a name through generic code, on every request).
    static func firstAuthorization(in headers: HTTPFields) -> String? {
        for field in headers where field.name == .authorization { return field.value }
        return nil
    }

    /// The token of an `Authorization: Bearer <token>` header (the scheme in any case, spaces
    /// and tabs around the token ignored), read byte by byte: this runs on every request.
    static func bearerToken(in header: String) -> String? {
        let bytes = header.utf8
        let scheme = "bearer ".utf8
        func lowercased(_ byte: UInt8) -> UInt8 { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte }
        guard bytes.count >= scheme.count, zip(bytes, scheme).allSatisfy({ lowercased($0) == $1 }) else { return nil }
        var token = bytes.dropFirst(scheme.count)
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while let first = token.first, isBlank(first) { token = token.dropFirst() }
        while let last = token.last, isBlank(last) { token = token.dropLast() }
        return String(token)
    }
}
