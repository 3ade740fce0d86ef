import AI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import SpeakAPI
import Testing
import TestSupport

/// Limits that hold against an attacker without being turned against the learner.
@Suite("Login throttle and rate limits")
struct LoginThrottleTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// The seconds `address` must wait before trying `account`, 0 when it may try now.
    static func wait(_ throttle: LoginThrottle, _ account: String, _ address: String, at now: Date) -> Int {
        do {
            try throttle.check(account: account, address: address, now: now)
            return 0
        } catch let error as HTTPError {
            return Int(error.headers[.retryAfter] ?? "") ?? -1
        } catch {
            return -1
        }
    }

    @Test("after five failures from one address it waits 1 s, then 2, 4 …, at most the cap; a success clears it")
    func growingDelay() {
        let throttle = LoginThrottle()
        var now = Self.start
        for _ in 0..<5 {
            #expect(Self.wait(throttle, "user:a", "10.0.0.9", at: now) == 0)
            throttle.failed(account: "user:a", address: "10.0.0.9", now: now)
        }
        #expect(Self.wait(throttle, "user:a", "10.0.0.9", at: now) == 1)
        var delays: [Int] = []
        for _ in 0..<14 {
            now = now.addingTimeInterval(Double(Self.wait(throttle, "user:a", "10.0.0.9", at: now)))
            throttle.failed(account: "user:a", address: "10.0.0.9", now: now)
            delays.append(Self.wait(throttle, "user:a", "10.0.0.9", at: now))
        }
        #expect(delays == [2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900])
        throttle.succeeded(account: "user:a", address: "10.0.0.9")
        #expect(Self.wait(throttle, "user:a", "10.0.0.9", at: now) == 0)
    }

    @Test("an attacker's failures never slow down the learner's own address; a new address waits once the account is under attack")
    func noLockOut() {
        let throttle = LoginThrottle()
        let now = Self.start
        // Given a learner who has logged in from home before
        throttle.succeeded(account: "user:v", address: "home")
        // When attackers fail sixty times from many addresses
        for n in 0..<60 { throttle.failed(account: "user:v", address: "bot\(n % 30)", now: now) }
        // Then the learner at home may log in at once, a fresh address must wait, and each bot too
        #expect(Self.wait(throttle, "user:v", "home", at: now) == 0)
        #expect(Self.wait(throttle, "user:v", "cafe", at: now) > 0)
        #expect(Self.wait(throttle, "user:v", "bot1", at: now) > 0)
        // And an hour later everything is forgotten
        #expect(Self.wait(throttle, "user:v", "cafe", at: now.addingTimeInterval(3601)) == 0)
    }

    @Test("a million distinct keys keep the tables bounded, and a key in use stays limited")
    func boundedMemory() throws {
        let limiter = RateLimiter(limitPerMinute: 3)
        let throttle = LoginThrottle()
        let now = Self.start
        for n in 0..<1_000_000 {
            _ = try? limiter.check(["address:\(n)"], now: now)
            if n % 10 == 0 { throttle.failed(account: "unknown:\(n)@example.com", address: "a", now: now) }
            // the attacker's own address keeps being counted during the flood
            if n % 50_000 == 0 { _ = try? limiter.check(["address:attacker"], now: now) }
        }
        #expect(limiter.trackedKeys <= 100_000)
        #expect(throttle.trackedAccounts <= 40_000)
        #expect(throws: HTTPError.self) { try limiter.check(["address:attacker"], now: now) }
    }
}

@Suite("Login throttle over real HTTP")
struct LoginThrottleRouteTests {
    static func login(_ client: some TestClientProtocol, _ email: String, _ password: String, from address: String? = nil) async throws -> HTTPResponse.Status {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let address, let name = HTTPField.Name("X-Forwarded-For") { headers[name] = address }
        let body = "username=\(email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email)&password=\(password)"
        return try await client.execute(uri: "/api/users/login", method: .post, headers: headers, body: ByteBuffer(string: body)) { $0.status }
    }

    @Test("failures under every spelling of an address count against the one account; the learner's own address still logs in")
    func identityAndOwnAddress() async throws {
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: AIProviders(), configure: {
                $0.authAttemptsPerMinute = 1000
                $0.forwardedAllowIPs = "127.0.0.1, ::1"
            }) { client, _ in
                // Given a learner who logged in from their own address
                _ = try await LiveServer.register(client, email: "sam@example.com")
                #expect(try await Self.login(client, "sam@example.com", "secret123", from: "198.51.100.7") == .ok)
                // When an attacker fails five times from another address, spelling the address differently each time
                let spellings = ["SAM@example.com", "\u{17F}am@example.com", "sam@EXAMPLE.COM", " sam@example.com", "\u{17F}AM@example.com"]
                for spelling in spellings {
                    #expect(try await Self.login(client, spelling, "wrong1234", from: "203.0.113.9") == .unauthorized)
                }
                // Then the attacker's address is made to wait, under any spelling, and while it waits
                // even the right password is refused. (The wait starts at 1 s and doubles with each
                // failure, so on a slow machine a try may land after it: a wrong password then
                // fails too and a later try is refused; a right one logs in, which clears the
                // strikes, and the round starts again with five fresh failures.)
                var rightPasswordRefused = false
                for _ in 0..<3 where !rightPasswordRefused {
                    var refused = false
                    for attempt in 0..<12 where !refused {
                        let status = try await Self.login(client, spellings[attempt % spellings.count].uppercased(), "wrong1234", from: "203.0.113.9")
                        if status == .tooManyRequests { refused = true } else { #expect(status == .unauthorized) }
                    }
                    #expect(refused)
                    let status = try await Self.login(client, "sam@example.com", "secret123", from: "203.0.113.9")
                    if status == .tooManyRequests { rightPasswordRefused = true } else { #expect(status == .ok) }
                }
                #expect(rightPasswordRefused)
                // And the learner still logs in from their own address
                #expect(try await Self.login(client, "sam@example.com", "secret123", from: "198.51.100.7") == .ok)
            }
        }
    }

    @Test("X-Forwarded-For is believed only from a listed proxy")
    func forwardedFor() async throws {
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: AIProviders(), configure: { $0.authAttemptsPerMinute = 3 }) { client, _ in
                // Given no trusted proxy, when one client claims a new address on every attempt
                var statuses: [HTTPResponse.Status] = []
                for n in 0..<4 { statuses.append(try await Self.login(client, "x@example.com", "wrong1234", from: "192.0.2.\(n)")) }
                // Then it is still one client to the limit
                #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            }
        }
        // And the address is read from the list's end, skipping trusted proxies, when the peer is one
        let policy = ClientAddressPolicy(forwardedAllowIPs: "10.0.0.1, 10.0.0.2")
        #expect(policy.address(peer: "10.0.0.1", forwardedFor: "1.2.3.4, 5.6.7.8, 10.0.0.2") == "5.6.7.8")
        #expect(policy.address(peer: "9.9.9.9", forwardedFor: "1.2.3.4") == "9.9.9.9")
        #expect(policy.address(peer: "10.0.0.1", forwardedFor: nil) == "10.0.0.1")
        #expect(ClientAddressPolicy(forwardedAllowIPs: "*").address(peer: "9.9.9.9", forwardedFor: "1.2.3.4") == "1.2.3.4")
    }
}
