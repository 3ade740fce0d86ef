import AI
import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import SpeakAPI
import Testing
import TestSupport

@Suite("Users over real HTTP")
struct UsersRouteTests {
    static let register = #"{"name":"Ann Lee","email":"Ann@Example.COM","password":"secret123"}"#

    @Test("register answers 201 with the original's fields, and its token works")
    func registerThenMe() async throws {
        try await LiveServer.run { client, _ in
            // When a learner registers
            let (status, _, body) = try await client.json(.post, "/api/users/register", body: Self.register)
            // Then it is 201 with the fields in the original order, `_id` and a bearer token
            #expect(status == .created)
            #expect(body?.keys == ["name", "email", "_id", "avatar_url", "role", "created_at", "updated_at", "access_token", "token_type"])
            // (the address as typed, the domain lower-cased: what the original's EmailStr keeps)
            #expect(body?["email"]?.string == "Ann@example.com")
            #expect(body?["avatar_url"] == .null)
            #expect(body?["token_type"]?.string == "bearer")
            #expect(ObjectId.isValid(body?["_id"]?.string ?? ""))
            let created = try #require(body?["created_at"]?.string)
            #expect(created.count == 26 && !created.hasSuffix("Z"))
            // And the token opens /me
            let (meStatus, _, me) = try await client.json(.get, "/api/users/me", token: body?["access_token"]?.string)
            #expect(meStatus == .ok)
            #expect(me?["_id"] == body?["_id"])
            #expect(me?["created_at"]?.string == created)
        }
    }

    @Test("an address already registered, in any letter case, is 400")
    func duplicate() async throws {
        try await LiveServer.run { client, _ in
            _ = try await client.json(.post, "/api/users/register", body: Self.register)
            let again = #"{"name":"Ann Two","email":"ann@example.com","password":"secret123"}"#
            let (status, _, body) = try await client.json(.post, "/api/users/register", body: again)
            #expect(status == .badRequest)
            #expect(body == .object([JSONMember("detail", .string("Email already registered"))]))
        }
    }

    @Test("addresses are stored as typed; one account per address whatever its case, ſ or ﬆ, for logins and for writes beside the API")
    func caseOfAddresses() async throws {
        try await LiveServer.run { client, store in
            // Given a learner registered with capitals
            let (created, _, _) = try await client.json(.post, "/api/users/register", body: #"{"name":"Sam","email":"Sam.Ross@Example.com","password":"secret123"}"#)
            #expect(created == .created)
            let stored = try await store.collection("users").find([:]).compactMap { $0["email"]?.stringValue }
            #expect(stored == ["Sam.Ross@example.com"])
            // When they log in typing it in any case, or with ſ for s, then it is their account
            for typed in ["sam.ross%40example.com", "SAM.ROSS%40EXAMPLE.COM", "%C5%BFam.Ro%C5%BF%C5%BF%40example.com"] {
                let (status, _, body) = try await client.form("/api/users/login", "username=\(typed)&password=secret123")
                #expect(status == .ok, "\(typed)")
                let (_, _, me) = try await client.json(.get, "/api/users/me", token: body?["access_token"]?.string)
                #expect(me?["email"]?.string == "Sam.Ross@example.com", "\(typed)")
            }
            // When someone registers a variant, then it is taken
            for variant in ["sam.ross@example.com", "SAM.ROSS@EXAMPLE.COM", "ſam.roſs@example.com"] {
                let (status, _, _) = try await client.json(.post, "/api/users/register", body: #"{"name":"Other","email":"\#(variant)","password":"secret123"}"#)
                #expect(status == .badRequest, "\(variant)")
            }
            // And a variant written straight to the store (as the original service would) is refused by the index
            let error = await storeError { try await store.collection("users").insertOne(["_id": .objectId(ObjectId()), "email": "SAM.ross@example.com"]) }
            #expect(error?.code == 11000)
        }
    }

    @Test("invalid registrations are 422 with FastAPI's detail list")
    func validation() async throws {
        try await LiveServer.run { client, _ in
            let cases: [(String, [String])] = [
                (#"{"name":"Ann","password":"secret123"}"#, ["body", "email"]),
                (#"{"name":"Ann","email":"not-an-email","password":"secret123"}"#, ["body", "email"]),
                (#"{"name":"Ann","email":"a@b.co","password":"short1"}"#, ["body", "password"]),
                (#"{"name":"Ann","email":"a@b.co","password":"lettersonly"}"#, ["body", "password"]),
                (#"{"name":"   ","email":"a@b.co","password":"secret123"}"#, ["body", "name"]),
                (#"{"name":5,"email":"a@b.co","password":"secret123"}"#, ["body", "name"]),
                (#"{"name":"#, ["body"]),
            ]
            for (payload, loc) in cases {
                let (status, _, body) = try await client.json(.post, "/api/users/register", body: payload)
                #expect(status == .unprocessableContent, "\(payload)")
                guard case .array(let issues)? = body?["detail"], let first = issues.first else {
                    Issue.record("no detail list for \(payload)")
                    continue
                }
                #expect(first["loc"] == .array(loc.map { .string($0) }), "\(payload)")
                #expect(first["msg"]?.string?.isEmpty == false)
            }
            // A password of any characters is fine once it has a letter and a digit
            let (status, _, _) = try await client.json(.post, "/api/users/register", body: #"{"name":"Bo","email":"bo@b.co","password":"p4ss word.-_"}"#)
            #expect(status == .created)
        }
    }

    @Test("login takes the OAuth2 form and answers the original's token response")
    func login() async throws {
        try await LiveServer.run { client, _ in
            _ = try await client.json(.post, "/api/users/register", body: Self.register)
            let (status, _, body) = try await client.form("/api/users/login", "username=ANN%40example.com&password=secret123")
            #expect(status == .ok)
            #expect(body?.keys == ["access_token", "token_type", "expires_in", "scope"])
            #expect(body?["expires_in"] == .number("3600") && body?["scope"]?.string == "user")
            let (wrong, headers, detail) = try await client.form("/api/users/login", "username=ann%40example.com&password=nope12345")
            #expect(wrong == .unauthorized && headers[.wwwAuthenticate] == "Bearer")
            #expect(detail?["detail"]?.string == "Incorrect email or password")
            let (unknown, _, _) = try await client.form("/api/users/login", "username=who%40example.com&password=secret123")
            #expect(unknown == .unauthorized)
            let (missing, _, _) = try await client.form("/api/users/login", "username=ann%40example.com")
            #expect(missing == .unprocessableContent)
        }
    }

    @Test("a password hash written by the original service ($2b$, cost 12) still logs in")
    func legacyHash() async throws {
        try await LiveServer.run { client, store in
            // Given a user document exactly as the original stored it (hash made by libxcrypt's bcrypt)
            try await store.collection("users").insertOne([
                "_id": .objectId(ObjectId()), "name": "Old User", "email": "Old.User@example.com",
                "password": "$2b$12$abcdefghijklmnopqrstuuVnilgEP4HmrELfhxdikttFyCImGISEe", "role": "user",
                "created_at": .datetime(.now), "updated_at": .datetime(.now),
            ])
            // When they log in with any letter case
            let (status, _, body) = try await client.form("/api/users/login", "username=old.user%40example.com&password=Passw0rd!")
            // Then it works and the token opens /me
            #expect(status == .ok)
            let (me, _, user) = try await client.json(.get, "/api/users/me", token: body?["access_token"]?.string)
            #expect(me == .ok && user?["name"]?.string == "Old User")
        }
    }

    @Test("missing, tampered, alg:none and expired tokens are 401 with the original's words")
    func badTokens() async throws {
        try await LiveServer.run { client, _ in
            let (_, _, registered) = try await client.json(.post, "/api/users/register", body: Self.register)
            let token = try #require(registered?["access_token"]?.string)
            let (none, headers, noneBody) = try await client.json(.get, "/api/users/me")
            #expect(none == .unauthorized && headers[.wwwAuthenticate] == "Bearer")
            #expect(noneBody?["detail"]?.string == "Not authenticated")
            var tampered = Array(token)
            tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
            let (bad, _, badBody) = try await client.json(.get, "/api/users/me", token: String(tampered))
            #expect(bad == .unauthorized && badBody?["detail"]?.string == "Could not validate credentials")
            let parts = token.split(separator: ".")
            let unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + "."
            let (algNone, _, _) = try await client.json(.get, "/api/users/me", token: unsigned)
            #expect(algNone == .unauthorized)
            let expired = try JSONWebToken(secret: LiveServer.secret).sign(TokenClaims(sub: "ann@example.com", exp: Int(Date().timeIntervalSince1970) - 5, scopes: ["user"]))
            let (old, _, oldBody) = try await client.json(.get, "/api/users/me", token: expired)
            #expect(old == .unauthorized && oldBody?["detail"]?.string == "Token has expired")
            let foreign = try JSONWebToken(secret: Array("another-secret-of-at-least-32-bytes!".utf8)).sign(TokenClaims(sub: "ann@example.com", exp: Int(Date().timeIntervalSince1970) + 60, scopes: nil))
            let (forged, _, _) = try await client.json(.get, "/api/users/me", token: foreign)
            #expect(forged == .unauthorized)
        }
    }

    @Test("a token opens its user again and again, and stops once the user no longer holds its address")
    func tokenFollowsTheAddress() async throws {
        try await LiveServer.run { client, store in
            // Given a token that has already opened /me (its user is remembered)
            let token = try await LiveServer.register(client)
            for _ in 0..<3 {
                let (status, _, user) = try await client.json(.get, "/api/users/me", token: token)
                #expect(status == .ok && user?["email"]?.string == "ann@example.com")
            }
            // When the user's address is changed in the database
            try await store.collection("users").updateOne(["email": "ann@example.com"], ["$set": ["email": "ann.lee@example.com"]])
            // Then the token, whose subject is the old address, names nobody
            let (after, _, body) = try await client.json(.get, "/api/users/me", token: token)
            #expect(after == .unauthorized && body?["detail"]?.string == "Could not validate credentials")
            // And once the address is back, it works again
            try await store.collection("users").updateOne(["email": "ann.lee@example.com"], ["$set": ["email": "ann@example.com"]])
            let (again, _, _) = try await client.json(.get, "/api/users/me", token: token)
            #expect(again == .ok)
        }
    }

    @Test("validly signed tokens with out-of-range or oversized claims are 401, and the server goes on")
    func hostileClaims() async throws {
        try await LiveServer.run { client, _ in
            // Given an account, and tokens signed with the server's own secret whose claims ours never hold
            _ = try await LiveServer.register(client)
            let signer = JSONWebToken(secret: LiveServer.secret)
            let later = Int(Date().timeIntervalSince1970) + 600
            let payloads = [
                #"{"sub":"ann@example.com","exp":1e300}"#, #"{"sub":"ann@example.com","exp":9.3e18}"#,
                #"{"sub":"ann@example.com","exp":-1e300}"#, #"{"sub":"ann@example.com","exp":1e400}"#,
                #"{"sub":"ann@example.com","exp":"soon"}"#, #"{"sub":"\#(String(repeating: "a", count: 5000))","exp":\#(later)}"#,
                #"{"sub":"ann@example.com","exp":\#(later),"scopes":[\#(Array(repeating: "\"user\"", count: 1000).joined(separator: ","))]}"#,
            ]
            for payload in payloads {
                // When each is used
                let (status, _, body) = try await client.json(.get, "/api/users/me", token: signer.sign(payload: Data(payload.utf8)))
                // Then it is refused like any bad token
                #expect(status == .unauthorized, "\(payload.prefix(60))")
                #expect(body?["detail"]?.string == "Could not validate credentials")
            }
            // And a token too long to be ours is refused unread, while the server answers on
            let (long, _, _) = try await client.json(.get, "/api/users/me", token: String(repeating: "a", count: 9000) + ".b.c")
            #expect(long == .unauthorized)
            let good = try signer.sign(TokenClaims(sub: "ann@example.com", exp: later, scopes: ["user"]))
            #expect(try await client.json(.get, "/api/users/me", token: good).0 == .ok)
        }
    }

    @Test("update, delete (then the token and login stop working), admin list", arguments: StoreKind.allCases)
    func profileLifecycle(storeKind: StoreKind) async throws {
        try await withTemporaryDirectory { directory in try await LiveServer.run(in: directory, storeKind: storeKind, providers: AIProviders()) { client, store in
            let (_, _, registered) = try await client.json(.post, "/api/users/register", body: Self.register)
            let token = try #require(registered?["access_token"]?.string)
            let (updated, _, user) = try await client.json(.put, "/api/users/me", token: token, body: #"{"name":"Ann Marie","avatar_url":"https://x/y.png"}"#)
            #expect(updated == .ok && user?["name"]?.string == "Ann Marie" && user?["avatar_url"]?.string == "https://x/y.png")
            let (empty, _, _) = try await client.json(.put, "/api/users/me", token: token, body: "{}")
            #expect(empty == .badRequest)
            let (forbidden, _, _) = try await client.json(.get, "/api/users/list", token: token)
            #expect(forbidden == .forbidden)
            // An administrator (made by hand in the database, as in the original) may list
            try await store.collection("users").updateOne(["email": "Ann@example.com"], ["$set": ["role": "admin"]])
            let (listed, _, list) = try await client.json(.get, "/api/users/list", token: token)
            #expect(listed == .ok)
            if case .array(let items)? = list { #expect(items.count == 1) } else { Issue.record("no list") }
            let (deleted, _, _) = try await client.json(.delete, "/api/users/me", token: token)
            #expect(deleted == .noContent)
            let (after, _, _) = try await client.json(.get, "/api/users/me", token: token)
            #expect(after == .unauthorized)
            let (login, _, _) = try await client.form("/api/users/login", "username=ann%40example.com&password=secret123")
            #expect(login == .unauthorized)
            // The stored document keeps the original's shape
            let stored = try #require(try await store.collection("users").findOne(["email": "Ann@example.com"]))
            #expect(stored.fieldNames == ["_id", "name", "email", "password", "role", "created_at", "updated_at", "avatar_url", "deleted", "deleted_at"])
        } }
    }
}

@Suite("Rate limits over real HTTP")
struct RateLimitTests {
    @Test("repeated login attempts for one account are 429 with Retry-After")
    func loginLimit() async throws {
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: AIProviders(), configure: { $0.authAttemptsPerMinute = 3 }) { client, _ in
                var statuses: [HTTPResponse.Status] = []
                var retryAfter: String?
                for _ in 0..<4 {
                    try await client.execute(
                        uri: "/api/users/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                        body: ByteBuffer(string: "username=ann%40example.com&password=wrong1234")
                    ) { response in
                        statuses.append(response.status)
                        retryAfter = response.headers[.retryAfter]
                    }
                }
                #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
                #expect(Int(retryAfter ?? "") ?? 0 > 0)
            }
        }
    }
}
