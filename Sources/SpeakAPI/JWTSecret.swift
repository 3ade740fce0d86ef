import Foundation

/// Where the token secret comes from: `JWT_SECRET_KEY` when set; otherwise a random 32-byte
/// secret generated once and kept in `jwt-secret` beside the data file (mode 0600), so that a
/// restart logs nobody out.
public enum JWTSecret {
    /// - Throws: when the secret file cannot be read or written.
    public static func load(environment: [String: String], dataFile: String) throws -> [UInt8] {
        if let configured = environment["JWT_SECRET_KEY"], !configured.isEmpty { return Array(configured.utf8) }
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
