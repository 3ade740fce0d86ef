#if canImport(Glibc)
import Foundation
import Glibc
#endif

extension SpeakAPIConfiguration {
    /// The configuration the environment describes, every number range-checked: a value that
    /// is not a number, or out of range, stops the server at start with its variable named
    /// (rather than crashing it at the first request that uses it, or being silently replaced).
    /// `warnings`: what is accepted but should be said loudly (a weak secret allowed on purpose).
    public static func fromEnvironment(_ environment: [String: String], host: String, port: Int, dataFile: String) throws
        -> (configuration: SpeakAPIConfiguration, warnings: [String])
    {
        let secret = try JWTSecret.load(environment: environment, dataFile: dataFile)
        var warnings: [String] = []
        if environment["JWT_SECRET_KEY"].map({ !$0.isEmpty }) == true, let weakness = JWTSecret.weakness(of: secret) {
            warnings.append("JWT_SECRET_KEY is \(weakness), allowed by ALLOW_WEAK_JWT_SECRET=1: anyone who knows or guesses it can sign in as any user")
        }
        var configuration = SpeakAPIConfiguration(
            host: host, port: port, dataFile: dataFile, jwtSecret: secret,
            tokenLifetimeMinutes: try integer("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", in: environment, default: 60, range: 1...5_256_000),
            bcryptCost: try integer("BCRYPT_COST", in: environment, default: 12, range: 4...31),
            maximumUploadBytes: try integer("MAX_UPLOAD_MB", in: environment, default: 25, range: 1...1024) << 20)
        configuration.feedbackLanguage = environment["FEEDBACK_LANGUAGE"] ?? "English"
        configuration.authAttemptsPerMinute = try integer("RATE_LIMIT_PER_MINUTE", in: environment, default: 20, range: 1...100_000)
        configuration.imagesDirectory = environment["IMAGES_DIR"]
        let root = environment["SPEAKAI_ROOT"] ?? FileManager.default.currentDirectoryPath
        configuration.shippedImagesDirectory = (root as NSString).appendingPathComponent("seed/images")
        configuration.swaggerUIDirectory = (root as NSString).appendingPathComponent(".venv/swagger-ui")
        configuration.forwardedAllowIPs = environment["FORWARDED_ALLOW_IPS"]
        configuration.corsOrigins = try parseCORSOrigins(environment["CORS_ORIGINS"])
        configuration.httpIdleTimeoutSeconds = try integer("HTTP_IDLE_TIMEOUT_SECONDS", in: environment, default: 60, range: 1...3600)
        configuration.maximumConnections = try integer("MAX_CONNECTIONS", in: environment, default: defaultMaximumConnections(), range: 1...1_000_000)
        // Read by the AI providers' own configuration; checked here so a bad value stops the start.
        _ = try integer("AI_TIMEOUT_SECONDS", in: environment, default: 60, range: 1...3600)
        configuration.jobRetentionDays = try integer("JOB_RETENTION_DAYS", in: environment, default: 7, range: 1...3650)
        configuration.demoSpeechPerMinute = try integer("DEMO_SPEECH_PER_MINUTE", in: environment, default: 30, range: 1...1_000_000)
        configuration.anonymousImageFeedbackPerMinute = try integer("IMAGE_FEEDBACK_PER_MINUTE", in: environment, default: 30, range: 1...1_000_000)
        configuration.maximumAudioSeconds = try integer("MAX_AUDIO_SECONDS", in: environment, default: 300, range: 1...14_400)
        configuration.transcriptionQueueSeconds = try integer("TRANSCRIBE_QUEUE_SECONDS", in: environment, default: 120, range: 0...3600)
        return (configuration, warnings)
    }

    /// What the file descriptor limit leaves room for (a few dozen kept for the data file,
    /// the engines and logs), at most 4,096.
    static func defaultMaximumConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        let soft = Int(clamping: limit.rlim_cur)  // "unlimited" is the largest value: clamped, then capped below
        return min(4096, max(16, soft - 64))
    }

    /// The whole number `variable` holds, `fallback` when unset or empty.
    /// - Throws: `ConfigurationError` when it is not a whole number within `range`.
    static func integer(_ variable: String, in environment: [String: String], default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = environment[variable], !text.isEmpty else { return fallback }
        guard let value = Int(text.trimmingWhitespace), range.contains(value) else {
            throw ConfigurationError(variable, "\(variable) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text.prefix(40))'")
        }
        return value
    }

    /// `CORS_ORIGINS` read: empty for unset, empty or `*` (any origin, no credentials), else
    /// the comma-separated origins.
    /// - Throws: `ConfigurationError` for an entry that is not `http(s)://host[:port]` (a path,
    ///   a trailing slash or a `*` among others would never match what a browser sends).
    public static func parseCORSOrigins(_ text: String?) throws -> [String] {
        guard let text, !text.trimmingWhitespace.isEmpty, text.trimmingWhitespace != "*" else { return [] }
        return try text.split(separator: ",").map { entry in
            let origin = String(String(entry).trimmingWhitespace)
            let rest = origin.hasPrefix("https://") ? origin.dropFirst(8) : origin.hasPrefix("http://") ? origin.dropFirst(7) : nil
            guard let rest, !rest.isEmpty, !rest.contains("/"), !rest.contains("*"), !rest.contains(" ") else {
                throw ConfigurationError("CORS_ORIGINS", "CORS_ORIGINS takes * or origins like https://app.example.com, separated by commas: '\(origin.prefix(80))' in '\(text.prefix(200))'")
            }
            return origin
        }
    }
}

extension String {
    /// The text without leading or trailing spaces, tabs and newlines.
    fileprivate var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
