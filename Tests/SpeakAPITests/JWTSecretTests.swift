import Foundation
import SpeakAPI
import Testing
import TestSupport

@Suite("Token secret")
struct JWTSecretTests {
    @Test("without JWT_SECRET_KEY a secret is generated once, kept beside the data file (0600) and reused")
    func generated() async throws {
        try await withTemporaryDirectory { directory in
            let dataFile = directory.appendingPathComponent("sub/speakai.db").path
            // When the secret is loaded twice with no configuration
            let first = try JWTSecret.load(environment: [:], dataFile: dataFile)
            let second = try JWTSecret.load(environment: [:], dataFile: dataFile)
            // Then it is 32 random bytes, the same both times, in a file only the owner reads
            #expect(first.count == 32 && first == second)
            let file = directory.appendingPathComponent("sub/jwt-secret").path
            let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
            // And JWT_SECRET_KEY wins when set
            #expect(try JWTSecret.load(environment: ["JWT_SECRET_KEY": "mysecretkey"], dataFile: dataFile) == Array("mysecretkey".utf8))
        }
    }
}
