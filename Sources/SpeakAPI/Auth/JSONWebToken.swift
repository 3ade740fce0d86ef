import BSON
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

    /// Whether `exp` has passed at `now`.
    func hasExpired(at now: Date) -> Bool { Double(exp) <= now.timeIntervalSince1970 }

    /// The longest `sub` taken (an e-mail address is at most 320 characters).
    static let maximumSubjectBytes = 1024
    /// The most `scopes` taken, and the longest scope.
    static let maximumScopes = 32
    static let maximumScopeBytes = 128
    /// The latest `exp` taken: the year 9999 (later would not fit a date).
    static let latestExpiry = 253_402_300_799.0

    /// `exp` may be written as a fractional number by other issuers; it is read down to seconds.
    /// Every claim is checked for size and range before use.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sub = try c.decode(String.self, forKey: .sub)
        guard sub.utf8.count <= Self.maximumSubjectBytes else {
            throw DecodingError.dataCorruptedError(forKey: .sub, in: c, debugDescription: "sub is too long")
        }
        let expiry = try c.decode(Double.self, forKey: .exp)
        guard expiry.isFinite, expiry >= 0, expiry <= Self.latestExpiry else {
            throw DecodingError.dataCorruptedError(forKey: .exp, in: c, debugDescription: "exp is out of range")
        }
        exp = Int(expiry.rounded(.down))
        scopes = try c.decodeIfPresent([String].self, forKey: .scopes)
        if let scopes, scopes.count > Self.maximumScopes || scopes.contains(where: { $0.utf8.count > Self.maximumScopeBytes }) {
            throw DecodingError.dataCorruptedError(forKey: .scopes, in: c, debugDescription: "too many or too long scopes")
        }
    }
}

extension TokenClaims {
    /// The claims read from a token's JSON with the project's own parser (Foundation's
    /// `JSONDecoder` was a visible cost of every authenticated request), under the same checks as
    /// `init(from:)`; `nil` when malformed or out of range.
    init?(json: Data) {
        guard case .object(let members)? = try? JSONValue(parsing: [UInt8](json)) else { return nil }
        func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }
        guard case .string(let sub)? = member("sub"), sub.utf8.count <= Self.maximumSubjectBytes,
            case .number(let text)? = member("exp"), let expiry = Double(text), expiry.isFinite, expiry >= 0, expiry <= Self.latestExpiry
        else { return nil }
        var scopes: [String]?
        switch member("scopes") {
        case nil, .null?: scopes = nil
        case .array(let list)?:
            let names = list.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            guard names.count == list.count, names.count <= Self.maximumScopes, !names.contains(where: { $0.utf8.count > Self.maximumScopeBytes }) else { return nil }
            scopes = names
        default: return nil
        }
        self.init(sub: sub, exp: Int(expiry.rounded(.down)), scopes: scopes)
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
        sign(payload: try JSONEncoder().encode(claims))
    }

    /// Signs any payload bytes (tests use it to make tokens whose claims ours never hold).
    /// The header every token we issue carries, encoded.
    static let encodedHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

    func sign(payload claims: Data) -> String {
        let header = Self.encodedHeader
        let payload = base64URL(claims)
        let input = header + "." + payload
        let signature = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: key)
        return input + "." + base64URL(Data(signature))
    }

    /// The longest token read at all (ours are about 200 bytes).
    static let maximumTokenBytes = 8192

    /// The claims of a valid, unexpired token.
    func verify(_ token: String, now: Date = Date()) throws -> TokenClaims {
        guard token.utf8.count <= Self.maximumTokenBytes else { throw TokenError.malformed }
        // Split on the bytes (a split on Characters walks grapheme clusters).
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).compactMap(Substring.init)
        guard parts.count == 3, let headerData = fromBase64URL(parts[0]), let payloadData = fromBase64URL(parts[1]),
            let signature = fromBase64URL(parts[2])
        else { throw TokenError.malformed }
        // Our own header (every token we issue) needs no parsing.
        if parts[0] != Self.encodedHeader {
            struct Header: Decodable { var alg: String }
            guard let header = try? JSONDecoder().decode(Header.self, from: headerData) else { throw TokenError.malformed }
            guard header.alg == "HS256" else { throw TokenError.unsupportedAlgorithm }
        }
        let input = Data((parts[0] + "." + parts[1]).utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: input, using: key) else {
            throw TokenError.badSignature
        }
        guard let claims = TokenClaims(json: payloadData) else { throw TokenError.malformed }
        guard !claims.hasExpired(at: now) else { throw TokenError.expired }
        return claims
    }

    private func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Base64url (no padding) decoded by Foundation after the alphabet is mapped byte by byte
    /// (this runs on every authenticated request; string replacements were its largest cost).
    private func fromBase64URL(_ text: Substring) -> Data? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): bytes.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): bytes.append(UInt8(ascii: "/"))
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): return nil
            default: bytes.append(byte)
            }
        }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(bytes))
    }
}
