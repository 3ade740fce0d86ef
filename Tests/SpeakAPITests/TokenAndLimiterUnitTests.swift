import Foundation
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
