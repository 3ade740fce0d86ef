import Crypto
import Foundation

/// SCRAM-SHA-256 (RFC 5802 / RFC 7677) as MongoDB uses it, server side: credentials derived
/// from a password, and the check of a client's proof. Pure: no state beyond its arguments.
enum ScramSHA256 {
    /// What is stored of a password: never the password, nor anything that logs in by itself.
    struct Credentials: Sendable, Equatable {
        var iterationCount: Int
        var salt: [UInt8]
        var storedKey: [UInt8]
        var serverKey: [UInt8]
    }

    /// MongoDB's default work factor.
    static let defaultIterations = 15_000

    /// The credentials of `password` (already SASLprep'd) with a fresh salt.
    static func credentials(password: String, iterations: Int = defaultIterations, salt: [UInt8]? = nil) -> Credentials {
        let salt = salt ?? (0..<28).map { _ in UInt8.random(in: 0...255) }
        let salted = saltedPassword(password, salt: salt, iterations: iterations)
        let clientKey = hmac(salted, Array("Client Key".utf8))
        return Credentials(
            iterationCount: iterations, salt: salt, storedKey: Array(SHA256.hash(data: clientKey)), serverKey: hmac(salted, Array("Server Key".utf8)))
    }

    /// PBKDF2-HMAC-SHA-256, one block (RFC 5802's `Hi`).
    static func saltedPassword(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: Array(password.utf8))
        var u = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = u
        for _ in 1..<max(1, iterations) {
            u = Array(HMAC<SHA256>.authenticationCode(for: u, using: key))
            for i in 0..<result.count { result[i] ^= u[i] }
        }
        return result
    }

    static func hmac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// Whether `proof` shows knowledge of the password behind `credentials` for this exchange;
    /// and the server's signature to send back when it does.
    static func verify(proof: [UInt8], authMessage: String, credentials: Credentials) -> [UInt8]? {
        let message = Array(authMessage.utf8)
        let clientSignature = hmac(credentials.storedKey, message)
        guard proof.count == clientSignature.count else { return nil }
        let clientKey = zip(proof, clientSignature).map { $0 ^ $1 }
        // (Compared without an early exit.)
        let computed = Array(SHA256.hash(data: clientKey))
        guard computed.count == credentials.storedKey.count, zip(computed, credentials.storedKey).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return nil
        }
        return hmac(credentials.serverKey, message)
    }

    /// The `key=value` attributes of a SCRAM message.
    static func attributes(_ message: String) -> [Character: String] {
        var out: [Character: String] = [:]
        for part in message.split(separator: ",", omittingEmptySubsequences: false) {
            guard let key = part.first, part.dropFirst().first == "=" else { continue }
            if out[key] == nil { out[key] = String(part.dropFirst(2)) }
        }
        return out
    }

    /// A SCRAM user name decoded (`=2C` is `,`, `=3D` is `=`); `nil` when malformed.
    static func decodeName(_ name: String) -> String? {
        var out = ""
        var rest = Substring(name)
        while let index = rest.firstIndex(of: "=") {
            out += rest[..<index]
            let code = rest[index...].prefix(3)
            switch code {
            case "=2C": out += ","
            case "=3D": out += "="
            default: return nil
            }
            rest = rest[index...].dropFirst(3)
        }
        return out + rest
    }
}
