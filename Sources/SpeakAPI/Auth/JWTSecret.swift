import Foundation

/// Where the token secret comes from: `JWT_SECRET_KEY` when set; otherwise a random 32-byte
/// secret generated once and kept in `jwt-secret` beside the data file (mode 0600), so that a
/// restart logs nobody out. A configured secret shorter than 32 bytes, or one of the well-known
/// defaults, is refused unless `ALLOW_WEAK_JWT_SECRET=1` (to share tokens with a legacy
/// deployment that uses one): whoever knows it can sign a token for any account.
public enum JWTSecret {
    /// The shortest secret taken without `ALLOW_WEAK_JWT_SECRET=1` (HS256's key size).
    public static let minimumBytes = 32

    /// Secrets that ship as defaults or examples (the original service's is `mysecretkey`).
    static let knownDefaults: Set<String> = [
        "mysecretkey", "secret", "secretkey", "secret-key", "secret_key", "your-secret-key", "your_secret_key",
        "yoursecretkey", "changeme", "change-me", "changethis", "supersecret", "super-secret", "jwtsecret",
        "jwt-secret", "jwt_secret", "your-256-bit-secret", "mysecret", "password", "test", "development",
        "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7",
    ]

    /// What is wrong with a secret (`nil` when nothing is): too short, or a known default.
    public static func weakness(of secret: [UInt8]) -> String? {
        if knownDefaults.contains(String(decoding: secret, as: UTF8.self).lowercased()) { return "a well-known default" }
        if secret.count < minimumBytes { return "\(secret.count) bytes long, under \(minimumBytes)" }
        return nil
    }

    /// - Throws: `ConfigurationError` for a weak `JWT_SECRET_KEY` not allowed on purpose; an
    ///   error when the secret file cannot be read or written.
    public static func load(environment: [String: String], dataFile: String) throws -> [UInt8] {
        if let configured = environment["JWT_SECRET_KEY"], !configured.isEmpty {
            let secret = Array(configured.utf8)
            if let weakness = weakness(of: secret), environment["ALLOW_WEAK_JWT_SECRET"] != "1" {
                throw ConfigurationError("JWT_SECRET_KEY", "JWT_SECRET_KEY is \(weakness): anyone who knows or guesses it can sign in as any user. "
                    + "Set a random secret of at least \(minimumBytes) bytes (e.g. `openssl rand -base64 48`), leave it unset to have one generated, "
                    + "or set ALLOW_WEAK_JWT_SECRET=1 to share tokens with a legacy deployment that uses it")
            }
            return secret
        }
        let directory = URL(fileURLWithPath: dataFile).deletingLastPathComponent()
        let file = directory.appendingPathComponent("jwt-secret")
        if let text = try? String(contentsOf: file, encoding: .utf8),
            let secret = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), secret.count >= 32
        {
            return [UInt8](secret)
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent("jwt-secret.tmp")
        FileManager.default.createFile(atPath: temporary.path, contents: Data(Data(secret).base64EncodedString().utf8), attributes: [.posixPermissions: 0o600])
        // rename(2) puts the new file in place atomically, whether or not an old one exists.
        guard rename(temporary.path, file.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        return secret
    }
}
