import ServiceLifecycle
import Wire

/// The MongoDB wire-protocol server as a service of the process's group: it binds its
/// addresses (a failure ends the group, and start-up, with the reason) and, on graceful
/// shutdown, stops accepting and finishes the connections it has.
struct WireService: Service {
    let server: WireServer
    let addresses: [WireServer.Address]

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await server.run(addresses: addresses)
        }
    }
}
