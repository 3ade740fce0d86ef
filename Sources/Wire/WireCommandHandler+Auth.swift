import BSON
import Foundation

/// Authentication and authorization as MongoDB does them: SCRAM-SHA-256 (`saslStart`,
/// `saslContinue`, `speculativeAuthenticate` in `hello`), users with built-in roles, and the
/// localhost exception — with no user yet, a local connection may do anything (create the first
/// user above all), a remote one nothing; once a user exists, every command but the handshake
/// needs credentials (13 Unauthorized).
extension WireCommandHandler {
    /// Commands anyone may run, authenticated or not.
    static let openCommands: Set<String> = ["hello", "ismaster", "saslstart", "saslcontinue", "ping", "buildinfo", "endsessions", "logout"]

    /// Whether any wire-protocol user exists (else only local connections are served).
    public func hasUsers() async throws -> Bool { try await users.exists() }

    /// Checks that the connection may run `name` on `database`.
    /// - Throws: 13 Unauthorized.
    func authorize(_ name: String, database: String, connectionID: Int64) async throws {
        guard !Self.openCommands.contains(name) else { return }
        guard try await users.exists() else {
            if sessions.isLocal(connectionID) { return }
            throw WireCommandError(code: 13, codeName: "Unauthorized", message: "command \(name) requires authentication: no user exists yet, so only local connections are served")
        }
        let authenticated = sessions.users(connectionID)
        guard !authenticated.isEmpty else {
            throw WireCommandError(code: 13, codeName: "Unauthorized", message: "command \(name) requires authentication")
        }
        // Server information any authenticated user may read.
        if ["listdatabases", "whatsmyuri", "getparameter", "serverstatus", "hostinfo", "getcmdlineopts", "killallsessions", "refreshsessions",
            "getmore", "killcursors"].contains(name) { return }
        guard authenticated.contains(where: { user in user.roles.contains { $0.allows(name, on: database) } }) else {
            throw WireCommandError(code: 13, codeName: "Unauthorized", message: "not authorized on \(database) to execute command \(name)")
        }
    }

    /// `saslStart`: the server-first message of a SCRAM-SHA-256 exchange.
    func saslStart(_ command: Document, database: String, connectionID: Int64) async throws -> Document {
        let mechanism = command["mechanism"]?.stringValue ?? ""
        // No user has SCRAM-SHA-1 credentials: that exchange cannot succeed, and answering it
        // like any failed one tells nobody which user names exist.
        if mechanism == "SCRAM-SHA-1" { throw Self.authenticationFailed }
        guard mechanism == "SCRAM-SHA-256" else {
            throw WireCommandError(code: 334, codeName: "MechanismUnavailable", message: "Received authentication for mechanism \(mechanism) which is not enabled")
        }
        guard case .binary(let payload)? = command["payload"], let clientFirst = String(bytes: payload.data, encoding: .utf8) else {
            throw WireCommandError.badValue("saslStart needs a binary payload")
        }
        // gs2 header: no channel binding ("n,," or "y,,"), no authorization identity.
        let parts = clientFirst.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "n" || parts[0] == "y", parts[1].isEmpty else { throw Self.authenticationFailed }
        let bare = String(parts[2])
        let attributes = ScramSHA256.attributes(bare)
        guard let encodedName = attributes["n"], let name = ScramSHA256.decodeName(encodedName), let clientNonce = attributes["r"],
            !clientNonce.isEmpty, clientNonce.utf8.count <= 1024, let user = try await users.find(name, database: database)
        else { throw Self.authenticationFailed }
        let nonce = clientNonce + Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let serverFirst = "r=\(nonce),s=\(Data(user.credentials.salt).base64EncodedString()),i=\(user.credentials.iterationCount)"
        let skip = command["options"]?.documentValue?["skipEmptyExchange"]?.boolValue ?? false
        let id = sessions.begin(
            WireSessions.Conversation(user: user, clientFirstBare: bare, serverFirst: serverFirst, nonce: nonce, gs2Header: "\(parts[0]),,", skipEmptyExchange: skip),
            on: connectionID)
        return ["conversationId": .int32(id), "done": false, "payload": .binary(BSONBinary(data: Array(serverFirst.utf8))), "ok": 1.0]
    }

    /// `saslContinue`: checks the client's proof and answers the server's signature; then (unless
    /// the client asked to skip it) the empty last step.
    func saslContinue(_ command: Document, connectionID: Int64) throws -> Document {
        guard let id = command["conversationId"]?.integerValue.flatMap(Int32.init(exactly:)),
            var conversation = sessions.conversation(id, on: connectionID)
        else { throw WireCommandError(code: 17, codeName: "ProtocolError", message: "No SASL session state found") }
        guard case .binary(let payload)? = command["payload"] else { throw WireCommandError.badValue("saslContinue needs a binary payload") }
        if conversation.proven {
            sessions.update(id, on: connectionID, nil)
            return ["conversationId": .int32(id), "done": true, "payload": .binary(BSONBinary(data: [])), "ok": 1.0]
        }
        guard let clientFinal = String(bytes: payload.data, encoding: .utf8), let proofStart = clientFinal.range(of: ",p=") else {
            sessions.update(id, on: connectionID, nil)
            throw Self.authenticationFailed
        }
        let withoutProof = String(clientFinal[..<proofStart.lowerBound])
        let attributes = ScramSHA256.attributes(withoutProof)
        let binding = Data(conversation.gs2Header.utf8).base64EncodedString()
        guard attributes["c"] == binding, attributes["r"] == conversation.nonce,
            let proof = Data(base64Encoded: String(clientFinal[proofStart.upperBound...])),
            let signature = ScramSHA256.verify(
                proof: Array(proof), authMessage: "\(conversation.clientFirstBare),\(conversation.serverFirst),\(withoutProof)",
                credentials: conversation.user.credentials)
        else {
            sessions.update(id, on: connectionID, nil)
            throw Self.authenticationFailed
        }
        sessions.authenticated(conversation.user, on: connectionID)
        let done = conversation.skipEmptyExchange
        conversation.proven = true
        sessions.update(id, on: connectionID, done ? nil : conversation)
        let final = "v=\(Data(signature).base64EncodedString())"
        return ["conversationId": .int32(id), "done": .bool(done), "payload": .binary(BSONBinary(data: Array(final.utf8))), "ok": 1.0]
    }

    /// What `hello` adds when a driver prepares to authenticate: the mechanisms of the user it
    /// names (`saslSupportedMechs`), and the first step of an exchange it starts at once
    /// (`speculativeAuthenticate`, only on success: a driver then authenticates the usual way).
    func authenticationHello(_ command: Document, connectionID: Int64) async -> Document {
        var extra = Document()
        if let named = command["saslSupportedMechs"]?.stringValue, let dot = named.firstIndex(of: ".") {
            let database = String(named[..<dot]), name = String(named[named.index(after: dot)...])
            if (try? await users.find(name, database: database)) != nil { extra["saslSupportedMechs"] = ["SCRAM-SHA-256"] }
        }
        if let speculative = command["speculativeAuthenticate"]?.documentValue, speculative["saslStart"] != nil {
            let database = speculative["db"]?.stringValue ?? "admin"
            if var reply = try? await saslStart(speculative, database: database, connectionID: connectionID) {
                _ = reply.removeValue(forKey: "ok")
                extra["speculativeAuthenticate"] = .document(reply)
            }
        }
        return extra
    }

    static var authenticationFailed: WireCommandError {
        WireCommandError(code: 18, codeName: "AuthenticationFailed", message: "Authentication failed.")
    }
}
