import AI
import DocumentStore
import Foundation
import Domain
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import NIOCore
import Logging
import Tutoring

/// Builds the HTTP application over a store: prepares the collections' indexes, then installs
/// global middleware first (errors), then every controller's routes.
public func buildApplication(
    configuration: SpeakAPIConfiguration, store: any DocumentStore, providers: AIProviders, logger: Logger = Logger(label: "speakai")
) async throws -> some ApplicationProtocol {
    let users = UserRepository(store: store)
    for problem in try await users.prepare() { logger.warning("\(problem)") }
    let conversations = ConversationRepository(store: store)
    try await conversations.prepare()
    let audio = AudioRepository(store: store)
    let jobs = JobQueue(store: store)
    try await jobs.prepare()
    let feedback = FeedbackRepository(store: store)
    try await feedback.prepare()
    let mistakes = MistakeRepository(store: store)
    try await mistakes.prepare()
    let tutors = Tutors.choose(chat: providers.chat, feedbackLanguage: configuration.feedbackLanguage)
    let feedbackService = FeedbackService(conversations: conversations, feedback: feedback, writer: tutors.feedback, mistakes: mistakes)
    let dataDirectory = URL(fileURLWithPath: configuration.dataFile).deletingLastPathComponent()
    let authenticator = Authenticator(
        tokens: JSONWebToken(secret: configuration.jwtSecret), users: users, lifetimeMinutes: configuration.tokenLifetimeMinutes)
    // HEAD is served wherever GET is, as Starlette does.
    let router = Router(context: SpeakRequestContext.self, options: .autoGenerateHeadEndpoints)
    // The request log (each line carries Hummingbird's request id, `hb.request.id`) and the
    // request metrics, before everything else so that they see every request.
    let metricsRegistry = ProcessMetrics.registry
    router.middlewares.add(LogRequestsMiddleware(.info))
    router.middlewares.add(ResponseMetricsMiddleware())
    router.middlewares.add(FastAPIErrorMiddleware())
    // CORS: any origin without credentials by default (the app sends its token in a header, not
    // a cookie); with CORS_ORIGINS, the listed origins, with credentials.
    let corsHeaders: [HTTPField.Name] = [.accept, .authorization, .contentType, .origin]
    let corsMethods: [HTTPRequest.Method] = [.get, .post, .put, .delete, .options, .patch]
    let exposed = ["X-Processing-Time", "Retry-After"]
    if configuration.corsOrigins.isEmpty {
        router.middlewares.add(CORSMiddleware(
            allowOrigin: .all, allowHeaders: corsHeaders, allowMethods: corsMethods, allowCredentials: false, exposedHeaders: exposed))
    } else {
        router.middlewares.add(OriginListCORSMiddleware(
            origins: configuration.corsOrigins, allowHeaders: corsHeaders, allowMethods: corsMethods, exposedHeaders: exposed))
    }
    RootController().addRoutes(to: router)
    DocsController(swaggerUI: configuration.swaggerUIDirectory.map { URL(fileURLWithPath: $0) }).addRoutes(to: router)
    // Which address a request comes from (for every per-address limit).
    let addresses = ClientAddressPolicy(forwardedAllowIPs: configuration.forwardedAllowIPs)
    // Routes that need a user go on `signedIn`: the token is read once, before any handler, and
    // their context exists only with a user. `anyone` reads a token when there is a valid one.
    let signedIn = router.group().add(middleware: AuthenticationMiddleware(authenticator: authenticator, required: true))
        .group(context: AuthenticatedContext.self)
    let anyone = router.group().add(middleware: AuthenticationMiddleware(authenticator: authenticator, required: false))
    UsersController(
        users: users, authenticator: authenticator, hasher: PasswordHasher(cost: configuration.bcryptCost),
        limiter: RateLimiter(limitPerMinute: configuration.authAttemptsPerMinute), throttle: LoginThrottle(),
        addresses: addresses
    ).addRoutes(to: router, signedIn: signedIn)
    ConversationsController(
        conversations: conversations, service: ConversationService(conversations: conversations, designer: tutors.designer)
    ).addRoutes(to: signedIn)
    MessagesController(
        conversations: conversations, feedback: feedback,
        service: MessageService(conversations: conversations, audio: audio, jobs: jobs, partner: tutors.partner)
    ).addRoutes(to: signedIn)
    SpeechController(
        conversations: conversations, speech: providers.speech,
        demoLimiter: RateLimiter(limitPerMinute: configuration.demoSpeechPerMinute),
        addresses: addresses
    ).addRoutes(anyone: anyone, signedIn: signedIn)
    let jobCounts = JobCountsCache(jobs: jobs)
    HealthController(store: store, jobs: jobCounts, providers: providers).addRoutes(to: router)
    ImagesController(
        service: ImagePracticeService(
            images: ImageRepository(store: store), tutor: tutors.pictures, offlineTutor: Tutors.offlineRules.pictures,
            directory: configuration.imagesDirectory.map { URL(fileURLWithPath: $0) } ?? dataDirectory.appendingPathComponent("images"),
            shippedDirectory: configuration.shippedImagesDirectory.map { URL(fileURLWithPath: $0) }),
        anonymousLimiter: RateLimiter(limitPerMinute: configuration.anonymousImageFeedbackPerMinute),
        addresses: addresses
    ).addRoutes(to: anyone)
    MetricsController(registry: metricsRegistry, jobs: jobCounts).addRoutes(to: router)
    FeedbackController(conversations: conversations, feedback: feedback, service: feedbackService).addRoutes(to: signedIn)
    MistakesController(mistakes: mistakes).addRoutes(to: signedIn)
    let uploads = UploadStorage(root: dataDirectory)
    try await uploads.prepare()
    let intake = RecordingIntake(
        audio: audio, storage: uploads, transcriber: providers.transcriber,
        maximumSeconds: Double(configuration.maximumAudioSeconds))
    AudioController(intake: intake, maximumUploadBytes: configuration.maximumUploadBytes).addRoutes(to: signedIn)
    // Last, so that it sees only requests no route took: a known path with another method is 405.
    router.middlewares.add(MethodNotAllowedMiddleware(routes: router.routes))
    // WebSocket upgrades are matched on their own router (with the same error answers).
    let webSockets = Router(context: SpeakRequestContext.self)
    webSockets.middlewares.add(FastAPIErrorMiddleware())
    AudioStreamController(
        intake: intake, maximumBytes: min(configuration.maximumUploadBytes, configuration.maximumAudioSeconds * AudioStreamController.sampleRate * 2)
    ).addRoutes(to: webSockets.group().add(middleware: AuthenticationMiddleware(authenticator: authenticator, required: true, queryToken: true)))
    let connections = ConnectionLimit(maximum: configuration.maximumConnections)
    let worker = JobWorker(
        queue: jobs, handlers: [FeedbackJobRunner(conversations: conversations, service: feedbackService)],
        logger: logger, retryBaseSeconds: configuration.jobRetryBaseSeconds, retentionDays: configuration.jobRetentionDays)
    return Application(
        router: router,
        server: guardedServer(webSockets: webSockets, connections: connections, idleSeconds: configuration.httpIdleTimeoutSeconds),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "speakai"),
        services: (configuration.runsJobs ? [worker] : []) + (providers.sidecar.map { [SidecarMonitor(sidecar: $0, logger: logger)] } ?? []),
        logger: logger)
}

/// HTTP/1.1 with WebSocket upgrades, each connection guarded from the moment it is accepted
/// (connection cap, a deadline for its first bytes) and closed after `idleSeconds` idle.
private func guardedServer(webSockets: Router<SpeakRequestContext>, connections: ConnectionLimit, idleSeconds: Int) -> HTTPServerBuilder {
    let responder = webSockets.buildResponder()
    let idle = TimeAmount.seconds(Int64(idleSeconds))
    return HTTPServerBuilder { httpResponder in
        GuardedChildChannel(
            inner: HTTP1WebSocketUpgradeChannel(
                responder: httpResponder, webSocketResponder: responder,
                configuration: .init(http1: .init(idleTimeout: idle), ws: .init(maxFrameSize: 1 << 20))),
            limit: connections, firstBytesTimeout: idle)
    }
}
