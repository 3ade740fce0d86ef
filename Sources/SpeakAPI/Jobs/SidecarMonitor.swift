import AI
import Logging
import ServiceLifecycle

/// Starts the offline transcription engine with the server (so the first upload does not wait
/// for the model to load), health-checks it every few seconds and restarts it when it stops
/// answering; stops it on shutdown.
struct SidecarMonitor: Service {
    let sidecar: WhisperSidecar
    let logger: Logger
    var interval: Duration = .seconds(5)

    func run() async throws {
        do {
            _ = try await sidecar.endpoint()
            let pid = await sidecar.processIdentifier ?? 0
            logger.info("Offline transcription engine ready", metadata: ["pid": "\(pid)"])
        } catch {
            logger.error("Offline transcription engine did not start", metadata: ["error": "\(error)"])
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
            if await sidecar.recoverIfUnhealthy() {
                let pid = await sidecar.processIdentifier ?? 0
                logger.warning("Offline transcription engine restarted", metadata: ["pid": "\(pid)"])
            }
        }
        await sidecar.stop()
    }
}
