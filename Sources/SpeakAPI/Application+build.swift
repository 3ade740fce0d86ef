import Hummingbird
import Logging


/// Builds the HTTP application: global middleware first (errors), then every controller's routes.
public func buildApplication(configuration: SpeakAPIConfiguration, logger: Logger = Logger(label: "speakai")) -> some ApplicationProtocol {
    let router = Router(context: SpeakRequestContext.self)
    router.middlewares.add(FastAPIErrorMiddleware())
    RootController().addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "speakai"),
        logger: logger)
}
