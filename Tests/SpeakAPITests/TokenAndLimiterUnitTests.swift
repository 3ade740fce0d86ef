import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import SpeakAPI

@Suite("Tokens and rate limits (unit)")
struct TokenAndLimiterUnitTests {
    let secret = Array("unit-test-secret-of-at-least-32-bytes!".utf8)

    @Test("a signed token verifies; expired, tampered, foreign, alg:none and oversized ones are refused, each for its reason")
    func tokens() throws {
        let jwt = JSONWebToken(secret: secret)
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        let token = try jwt.sign(TokenClaims(sub: "ann@example.com", exp: Int(now.timeIntervalSince1970) + 60, scopes: ["user"]))
        // Given a fresh token, it verifies to its claims
        let claims = try jwt.verify(token, now: now)
        #expect(claims.sub == "ann@example.com" && claims.scopes == ["user"])
        // When time passes its expiry, it is refused as expired
        #expect(throws: TokenError.expired) { try jwt.verify(token, now: now.addingTimeInterval(61)) }
        // A changed payload breaks the signature
        var parts = token.split(separator: ".").map(String.init)
        var payload = Array(parts[1])
        payload[10] = payload[10] == "A" ? "B" : "A"
        parts[1] = String(payload)
        #expect(throws: (any Error).self) { try jwt.verify(parts.joined(separator: "."), now: now) }
        // Another secret's token, alg:none, garbage and a huge token are refused
        let foreign = try JSONWebToken(secret: Array("another-secret-of-at-least-32-bytes!!".utf8))
            .sign(TokenClaims(sub: "ann@example.com", exp: Int(now.timeIntervalSince1970) + 60, scopes: nil))
        #expect(throws: TokenError.badSignature) { try jwt.verify(foreign, now: now) }
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + token.split(separator: ".")[1] + "."
        #expect(throws: TokenError.unsupportedAlgorithm) { try jwt.verify(none, now: now) }
        #expect(throws: TokenError.malformed) { try jwt.verify("not-a-token", now: now) }
        #expect(throws: TokenError.malformed) { try jwt.verify(String(repeating: "a", count: 9000), now: now) }
    }

    @Test("the bearer token is read from the header in any case of the scheme, blanks around it ignored; other schemes give none")
    func bearerHeader() {
        #expect(Authenticator.bearerToken(in: "Bearer abc.def.ghi") == "abc.def.ghi")
        #expect(Authenticator.bearerToken(in: "bEaReR \t abc.def \t") == "abc.def")
        #expect(Authenticator.bearerToken(in: "Bearer ") == "")
        #expect(Authenticator.bearerToken(in: "Basic abc") == nil)
        #expect(Authenticator.bearerToken(in: "Bearer") == nil)
        #expect(Authenticator.bearerToken(in: "Bearer\u{0}abc") == nil)
        #expect(Authenticator.bearerToken(in: "Bearer tökén") == "tökén")
    }

    @Test("of several Authorization headers the first counts, as Starlette reads them; none gives none")
    func firstAuthorization() {
        var headers: HTTPFields = [.contentType: "application/json"]
        #expect(Authenticator.firstAuthorization(in: headers) == nil)
        headers.append(HTTPField(name: .authorization, value: "Bearer first"))
        headers.append(HTTPField(name: .authorization, value: "Bearer second"))
        #expect(Authenticator.firstAuthorization(in: headers) == "Bearer first")
    }

    @Test("a token with empty, extra or non-ASCII parts is malformed, never a crash")
    func tokenParts() throws {
        let jwt = JSONWebToken(secret: secret)
        for token in ["..", "a..b", "a.b.c.d", ".b.c", "é.ü.ö", "a.b.", "....", "\u{1F600}.x.y"] {
            #expect(throws: (any Error).self, "\(token)") { try jwt.verify(token) }
        }
    }

    @Test("the limiter allows the limit per minute per key, then answers 429 with Retry-After, and forgets after the minute")
    func limiter() throws {
        let limiter = RateLimiter(limitPerMinute: 3)
        let start = Date(timeIntervalSince1970: 1_760_000_000)
        for second in 0..<3 { try limiter.check(["ip:1"], now: start.addingTimeInterval(Double(second))) }
        // The fourth in the minute is refused, saying when to come back
        do {
            try limiter.check(["ip:1"], now: start.addingTimeInterval(20))
            Issue.record("the fourth request passed")
        } catch let error as HTTPError {
            #expect(error.status == .tooManyRequests && error.headers[.retryAfter] == "40")
        }
        // Another key is not affected, and after the minute the first is served again
        try limiter.check(["ip:2"], now: start.addingTimeInterval(20))
        try limiter.check(["ip:1"], now: start.addingTimeInterval(61))
    }
}
