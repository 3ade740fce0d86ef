/// Everything the HTTP server needs to start, read from the environment by the CLI.
public struct SpeakAPIConfiguration: Sendable {
    /// The address to listen on (`127.0.0.1` by default; `0.0.0.0` to serve the local network).
    public var host: String
    /// The TCP port (9000 by default, what the Flutter client expects). 0 picks a free port.
    public var port: Int
    /// The embedded store's data file.
    public var dataFile: String
    /// The HS256 secret of access tokens (`JWT_SECRET_KEY`, or one generated beside the data file).
    public var jwtSecret: [UInt8]
    /// Access-token lifetime (`JWT_ACCESS_TOKEN_EXPIRE_MINUTES`, default 60).
    public var tokenLifetimeMinutes: Int
    /// bcrypt cost of new password hashes (`BCRYPT_COST`, default 12, the original's).
    public var bcryptCost: Int
    /// The largest audio upload (`MAX_UPLOAD_MB`, default 25 MiB); larger ones are 413.
    public var maximumUploadBytes: Int
    /// The language of feedback explanations (`FEEDBACK_LANGUAGE`, default English).
    public var feedbackLanguage = "English"
    /// Whether this server runs the background jobs (feedback); on by default.
    public var runsJobs = true
    /// Login and registration attempts allowed per minute, per client address and per account
    /// (`RATE_LIMIT_PER_MINUTE`, default 20).
    public var authAttemptsPerMinute = 20
    /// The folder of practice pictures (`IMAGES_DIR`, default `images/` beside the data file).
    public var imagesDirectory: String?
    /// The practice pictures shipped with the server (`seed/images` under `SPEAKAI_ROOT`),
    /// used while the images folder has none.
    public var shippedImagesDirectory: String?
    /// Swagger UI's files for `/docs` (`.venv/swagger-ui` under `SPEAKAI_ROOT`, installed by
    /// `scripts/setup`); without them `/docs` lists the routes plainly.
    public var swaggerUIDirectory: String?
    /// The longest recording transcribed (`MAX_AUDIO_SECONDS`, default 300): longer ones are 413.
    public var maximumAudioSeconds = 300
    /// How long an upload waits for its turn at the offline transcription engine
    /// (`TRANSCRIBE_QUEUE_SECONDS`, default 120).
    public var transcriptionQueueSeconds = 120
    /// Proxies whose `X-Forwarded-For` is believed (`FORWARDED_ALLOW_IPS`: addresses separated
    /// by commas, or `*`; none by default).
    public var forwardedAllowIPs: String?
    /// Anonymous `demospeech` requests per client address per minute (`DEMO_SPEECH_PER_MINUTE`,
    /// default 30).
    public var demoSpeechPerMinute = 30
    /// Picture feedback requests without a signed-in learner per client address per minute
    /// (`IMAGE_FEEDBACK_PER_MINUTE`, default 30): each one is stored.
    public var anonymousImageFeedbackPerMinute = 30
    /// How many days finished jobs are kept (`JOB_RETENTION_DAYS`, default 7).
    public var jobRetentionDays = 7
    /// Seconds a connection may stay idle before it is closed (`HTTP_IDLE_TIMEOUT_SECONDS`, default 60).
    public var httpIdleTimeoutSeconds = 60
    /// HTTP connections open at once (`MAX_CONNECTIONS`; by default what the process's file
    /// descriptor limit leaves room for, at most 4,096); more are closed as they arrive.
    public var maximumConnections = 1024
    /// The web origins allowed to call with credentials (`CORS_ORIGINS`, comma-separated);
    /// empty (unset or `*`): any origin, without credentials.
    public var corsOrigins: [String] = []
    /// The first retry delay of a failed job (doubling each time, at most 60 s).
    public var jobRetryBaseSeconds = 1.0

    public init(
        host: String = "127.0.0.1", port: Int = 9000, dataFile: String = "data/speakai.db", jwtSecret: [UInt8],
        tokenLifetimeMinutes: Int = 60, bcryptCost: Int = 12, maximumUploadBytes: Int = 25 << 20
    ) {
        self.host = host
        self.port = port
        self.dataFile = dataFile
        self.jwtSecret = jwtSecret
        self.tokenLifetimeMinutes = tokenLifetimeMinutes
        self.bcryptCost = bcryptCost
        self.maximumUploadBytes = maximumUploadBytes
    }
}
