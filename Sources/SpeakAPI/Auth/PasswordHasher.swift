import HummingbirdBcrypt
import NIOPosix

/// bcrypt on the thread pool, never on an event loop. New hashes use the configured cost; any
/// `$2a$`/`$2b$`/`$2y$` hash verifies, so passwords stored by the original service keep working.
struct PasswordHasher: Sendable {
    let cost: Int

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: UInt8(min(max(cost, 4), 31))) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

extension PasswordHasher {
    /// A hash to verify against when the account does not exist, so that a wrong address takes
    /// as long as a wrong password (no account probing by timing).
    static let decoyHash = "$2b$12$abcdefghijklmnopqrstuuVnilgEP4HmrELfhxdikttFyCImGISEe"
}
