import AI
import ArgumentParser
import DocumentStore
import EmbeddedStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import SpeakAPI
import Wire

/// `speakai serve`: opens the store (the embedded data file, or MongoDB when `MONGODB_URL` is
/// set) and runs the HTTP API until SIGINT/SIGTERM, then closes the store (every acknowledged
/// write is durable).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP API server.")

    @Option(name: .long, help: "Address to listen on (env HOST).")
    var host: String = ProcessInfo.processInfo.environment["HOST"] ?? "127.0.0.1"

    @Option(name: .shortAndLong, help: "TCP port (env PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["PORT"] ?? "") ?? 9000

    @Option(name: .long, help: "The embedded store's data file (env SPEAKAI_DATA).")
    var data: String = ProcessInfo.processInfo.environment["SPEAKAI_DATA"] ?? "data/speakai.db"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical (env LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info"

    @Option(name: .customLong("mongo-port"), help: "Also serve the MongoDB wire protocol on this TCP port (env MONGO_PORT), e.g. 27017.")
    var mongoPortOption: Int?
    var mongoPort: Int? { mongoPortOption ?? Int(ProcessInfo.processInfo.environment["MONGO_PORT"] ?? "") }

    @Option(name: .long, help: "Address of the MongoDB wire protocol port (env MONGO_HOST).")
    var mongoHost: String = ProcessInfo.processInfo.environment["MONGO_HOST"] ?? "127.0.0.1"

    @Option(name: .customLong("mongo-socket"), help: "Also serve the MongoDB wire protocol on this Unix socket (env MONGO_SOCKET).")
    var mongoSocketOption: String?
    var mongoSocket: String? { mongoSocketOption ?? ProcessInfo.processInfo.environment["MONGO_SOCKET"] }

    @Option(name: .customLong("mongo-tls-cert"), help: "PEM certificate (chain) for TLS on the wire protocol's TCP port (env MONGO_TLS_CERT); with --mongo-tls-key.")
    var mongoTlsCertOption: String?
    var mongoTlsCert: String? { mongoTlsCertOption ?? ProcessInfo.processInfo.environment["MONGO_TLS_CERT"] }

    @Option(name: .customLong("mongo-tls-key"), help: "PEM private key of --mongo-tls-cert (env MONGO_TLS_KEY; default: the certificate file, holding both).")
    var mongoTlsKeyOption: String?
    var mongoTlsKey: String? { mongoTlsKeyOption ?? ProcessInfo.processInfo.environment["MONGO_TLS_KEY"] }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        if let mongoPort, !(0...65535).contains(mongoPort) { throw ValidationError("--mongo-port must be between 0 and 65535, not \(mongoPort)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in DeferredMetadataLogHandler(label: label, metadataProvider: nil) }
        var logger = Logger(label: "speakai")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let environment = ProcessInfo.processInfo.environment
        let configuration: SpeakAPIConfiguration
        do {
            let (parsed, warnings) = try SpeakAPIConfiguration.fromEnvironment(environment, host: host, port: port, dataFile: data)
            configuration = parsed
            for warning in warnings { logger.critical("\(warning)") }
        } catch let error as ConfigurationError {
            throw CommandFailure(description: "refusing to start: \(error.description)")
        }
        // The wire TLS certificate is checked before anything is opened.
        var wireTLS: WireTLS?
        if let mongoTlsCert {
            do {
                wireTLS = try WireTLS(certificateFile: mongoTlsCert, keyFile: mongoTlsKey ?? mongoTlsCert)
            } catch {
                throw CommandFailure(description: "refusing to start: \(error)")
            }
        } else if mongoTlsKey != nil {
            throw CommandFailure(description: "refusing to start: --mongo-tls-key (MONGO_TLS_KEY) needs --mongo-tls-cert (MONGO_TLS_CERT)")
        }
        let location = StoreLocation.configured(dataFile: data, environment: environment)
        // Before the store opens, so that its metrics reach GET /metrics.
        ProcessMetrics.bootstrap()
        logger.info("Starting Speak AI API", metadata: ["host": "\(host)", "port": "\(port)", "store": "\(location)"])
        try await location.withStore(failurePrefix: "serve failed", logger: logger) { store in
            if let embedded = store as? EmbeddedStore {
                logger.info("Opened data file", metadata: ["report": "\(embedded.openReport)"])
            } else {
                logger.info("Connected to MongoDB", metadata: ["store": "\(location)"])
            }
            let ai = AIConfiguration.fromEnvironment(environment)
            let root = environment["SPEAKAI_ROOT"] ?? FileManager.default.currentDirectoryPath
            let providers = ai.makeProviders(
                offlineTranscription: .project(root: root), transcriptionQueue: .seconds(configuration.transcriptionQueueSeconds),
                maximumAudioSeconds: Double(configuration.maximumAudioSeconds))
            logger.info("AI providers", metadata: providers.status.mapValues { .string($0) })
            if providers.status["transcription"] == "not configured" {
                logger.warning("No transcription: set AI_BASE_URL, or run scripts/setup for the offline engine (looked under SPEAKAI_ROOT=\(root))")
            }
            let app = try await buildApplication(configuration: configuration, store: store, providers: providers, logger: logger)
            var addresses: [WireServer.Address] = []
            if let mongoPort { addresses.append(.tcp(host: mongoHost, port: mongoPort)) }
            if let mongoSocket { addresses.append(.unixSocket(path: mongoSocket)) }
            let wire = WireServer(
                handler: WireCommandHandler(store: store, defaultDatabase: StoreLocation.databaseName(environment)), tls: wireTLS, logger: logger)
            // HTTP and the wire protocol in one service group: a port that cannot be bound stops
            // start-up with the reason, and SIGTERM/SIGINT stop both gracefully.
            if !addresses.isEmpty {
                // As mongod: with no user, only this machine may connect (and create the first one).
                if try await !wire.handler.hasUsers() {
                    let loopback = ["127.0.0.1", "::1", "localhost"].contains(mongoHost) || mongoHost.hasPrefix("127.")
                    guard mongoPort == nil || loopback else {
                        throw CommandFailure(description: "refusing to start: the wire protocol would listen on \(mongoHost) with no user; "
                            + "create one first (serve on 127.0.0.1 and run createUser, e.g. from mongosh), then listen beyond this machine")
                    }
                    logger.warning("MongoDB wire protocol without authentication: no user exists, so only local connections are served (createUser adds the first)")
                }
            }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
            if !addresses.isEmpty { services.append(.init(service: WireService(server: wire, addresses: addresses))) }
            do {
                try await ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
            } catch let error as IOError where [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(error.errnoCode) {
                // Only binding HTTP's port throws these here (the wire protocol names its own).
                throw CommandFailure(description: "the HTTP API cannot listen on \(host):\(port): \(String(cString: strerror(error.errnoCode)))")
            }
        }
        logger.info("Store closed", metadata: ["store": "\(location)"])
    }
}
