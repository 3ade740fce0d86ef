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
            let strong = "kM2r8Qv7XyZ1pL0sT4uW6eR9tY3iO5aS"
            #expect(try JWTSecret.load(environment: ["JWT_SECRET_KEY": strong], dataFile: dataFile) == Array(strong.utf8))
        }
    }

    @Test("a short or well-known JWT_SECRET_KEY is refused unless ALLOW_WEAK_JWT_SECRET=1", arguments: ["mysecretkey", "MySecretKey", "secret", "kM2r8Qv7XyZ1pL0sT4uW6eR9tY3iO5a"])
    func weak(secret: String) async throws {
        try await withTemporaryDirectory { directory in
            let dataFile = directory.appendingPathComponent("speakai.db").path
            // When a weak secret is configured
            // Then the server will not take it, and says why, naming the variable
            #expect(throws: ConfigurationError.self) { try JWTSecret.load(environment: ["JWT_SECRET_KEY": secret], dataFile: dataFile) }
            do {
                _ = try SpeakAPIConfiguration.fromEnvironment(["JWT_SECRET_KEY": secret], host: "127.0.0.1", port: 0, dataFile: dataFile)
                Issue.record("a weak secret was accepted")
            } catch let error as ConfigurationError {
                #expect(error.variable == "JWT_SECRET_KEY" && error.description.contains("ALLOW_WEAK_JWT_SECRET"))
            }
            // Unless it is allowed on purpose, and then with a loud warning
            let (allowed, warnings) = try SpeakAPIConfiguration.fromEnvironment(
                ["JWT_SECRET_KEY": secret, "ALLOW_WEAK_JWT_SECRET": "1"], host: "127.0.0.1", port: 0, dataFile: dataFile)
            #expect(allowed.jwtSecret == Array(secret.utf8))
            #expect(warnings.count == 1 && warnings[0].contains("JWT_SECRET_KEY"))
        }
    }
}

@Suite("Server settings from the environment")
struct ServerSettingsTests {
    @Test("numbers out of range or not numbers stop the start with the variable named", arguments: [
        ("BCRYPT_COST", "3"), ("BCRYPT_COST", "32"), ("BCRYPT_COST", "200"), ("BCRYPT_COST", "twelve"),
        ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "0"), ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "99999999999999999999"),
        ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "-5"), ("MAX_UPLOAD_MB", "1e9"), ("MAX_UPLOAD_MB", "9223372036854775807"),
        ("RATE_LIMIT_PER_MINUTE", "0"), ("RATE_LIMIT_PER_MINUTE", "1.5"), ("AI_TIMEOUT_SECONDS", "-5"),
        ("MAX_AUDIO_SECONDS", "0"), ("MAX_CONNECTIONS", "many"), ("JOB_RETENTION_DAYS", "0"),
        ("CORS_ORIGINS", "https://app.example.com/"), ("CORS_ORIGINS", "app.example.com"), ("CORS_ORIGINS", "https://a.example.com,*"),
    ])
    func outOfRange(variable: String, value: String) async throws {
        try await withTemporaryDirectory { directory in
            let dataFile = directory.appendingPathComponent("speakai.db").path
            do {
                _ = try SpeakAPIConfiguration.fromEnvironment([variable: value], host: "127.0.0.1", port: 0, dataFile: dataFile)
                Issue.record("\(variable)=\(value) was accepted")
            } catch let error as ConfigurationError {
                #expect(error.variable == variable)
                #expect(error.description.contains(value.prefix(40)))
            }
        }
    }

    @Test("unset and in-range values give the documented settings")
    func defaults() async throws {
        try await withTemporaryDirectory { directory in
            let dataFile = directory.appendingPathComponent("speakai.db").path
            let (plain, warnings) = try SpeakAPIConfiguration.fromEnvironment([:], host: "127.0.0.1", port: 0, dataFile: dataFile)
            #expect(warnings.isEmpty)
            #expect(plain.bcryptCost == 12 && plain.tokenLifetimeMinutes == 60 && plain.maximumUploadBytes == 25 << 20 && plain.authAttemptsPerMinute == 20)
            let (set, _) = try SpeakAPIConfiguration.fromEnvironment(
                ["BCRYPT_COST": "4", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES": " 30 ", "MAX_UPLOAD_MB": "1024", "RATE_LIMIT_PER_MINUTE": "100000"],
                host: "127.0.0.1", port: 0, dataFile: dataFile)
            #expect(set.bcryptCost == 4 && set.tokenLifetimeMinutes == 30 && set.maximumUploadBytes == 1 << 30 && set.authAttemptsPerMinute == 100_000)
            #expect(plain.corsOrigins.isEmpty)
            #expect(try SpeakAPIConfiguration.parseCORSOrigins(" * ").isEmpty)
            #expect(try SpeakAPIConfiguration.parseCORSOrigins("https://a.example.com, http://localhost:5173") == ["https://a.example.com", "http://localhost:5173"])
        }
    }
}
