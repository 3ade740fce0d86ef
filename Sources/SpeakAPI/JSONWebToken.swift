import Crypto
import Foundation

/// Claims of our access tokens: `sub` (the e-mail), `exp` (whole seconds since the epoch) and
/// `scopes` — what the original service wrote and read.
struct TokenClaims: Codable, Sendable, Equatable {
    var sub: String
    var exp: Int
    var scopes: [String]?

    init(sub: String, exp: Int, scopes: [String]?) {
        self.sub = sub
        self.exp = exp
        self.scopes = scopes
    }

    /// `exp` may be written as a fractional number by other issuers; it is read down to seconds.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sub = try c.decode(String.self, forKey: .sub)
        exp = Int((try c.decode(Double.self, forKey: .exp)).rounded(.down))
        scopes = try c.decodeIfPresent([String].self, forKey: .scopes)
    }
}

/// Why a token was refused.
enum TokenError: Error, Equatable {
    case malformed
    case badSignature
    case unsupportedAlgorithm
    case expired
}

/// HS256 JSON Web Tokens (RFC 7519), signed and checked with HMAC-SHA256. Only `HS256` is
/// accepted (a token saying `none` or anything else is refused); signatures are compared in
/// constant time.
struct JSONWebToken: Sendable {
    private let key: SymmetricKey

    init(secret: [UInt8]) { key = SymmetricKey(data: secret) }

    func sign(_ claims: TokenClaims) throws -> String {
        let header = base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = base64URL(try JSONEncoder().encode(claims))
        let input = header + "." + payload
        let signature = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: key)
        return input + "." + base64URL(Data(signature))
    }

    /// The claims of a valid, unexpired token.
    func verify(_ token: String, now: Date = Date()) throws -> TokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = fromBase64URL(parts[0]), let payloadData = fromBase64URL(parts[1]),
            let signature = fromBase64URL(parts[2])
        else { throw TokenError.malformed }
        struct Header: Decodable { var alg: String }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerData) else { throw TokenError.malformed }
        guard header.alg == "HS256" else { throw TokenError.unsupportedAlgorithm }
        let input = Data((parts[0] + "." + parts[1]).utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: input, using: key) else {
            throw TokenError.badSignature
        }
        guard let claims = try? JSONDecoder().decode(TokenClaims.self, from: payloadData) else { throw TokenError.malformed }
        guard Double(claims.exp) > now.timeIntervalSince1970 else { throw TokenError.expired }
        return claims
    }

    private func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private func fromBase64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
