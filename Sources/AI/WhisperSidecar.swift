import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Starts, health-checks and restarts the offline transcription engine: `sidecar/whisper_server.py`
/// (Whisper base through faster-whisper), a child process listening on a loopback port and speaking
/// the OpenAI `/v1/audio/transcriptions` protocol. The child exits when this process's end of its
/// standard input closes, so it never outlives the server, even one that is SIGKILLed.
public actor WhisperSidecar {
    /// Where the engine and its model are.
    public struct Configuration: Sendable {
        /// A Python with faster-whisper installed (the project's `.venv/bin/python`).
        public var python: String
        /// `sidecar/whisper_server.py`.
        public var script: String
        /// The CTranslate2 model folder (`.venv/whisper-base`).
        public var modelDirectory: String
        /// CPU threads the model uses.
        public var threads: Int
        /// How long a start may take (loading the model) before it counts as failed.
        public var startTimeout: Duration

        public init(python: String, script: String, modelDirectory: String, threads: Int = 2, startTimeout: Duration = .seconds(60)) {
            self.python = python
            self.script = script
            self.modelDirectory = modelDirectory
            self.threads = threads
            self.startTimeout = startTimeout
        }

        /// The engine under a project folder laid out as `scripts/setup` leaves it.
        public static func project(root: String) -> Configuration {
            Configuration(python: root + "/.venv/bin/python", script: root + "/sidecar/whisper_server.py", modelDirectory: root + "/.venv/whisper-base")
        }

        /// Whether the files it needs exist.
        public var isInstalled: Bool {
            let files = FileManager.default
            return files.isExecutableFile(atPath: python) && files.fileExists(atPath: script) && files.fileExists(atPath: modelDirectory + "/model.bin")
        }
    }

    /// A started engine. `Process` and `Pipe` are thread-safe Foundation classes that are not
    /// marked `Sendable`; this actor is their only owner once the start hands them over.
    private struct Running: @unchecked Sendable {
        var process: Process
        var input: Pipe
        var endpoint: OpenAIEndpoint
    }

    public let configuration: Configuration
    /// Requests take their turn here; the engine is only health-checked when none is running.
    public nonisolated let queue = EngineQueue()
    private var running: Running?
    private var starting: Task<Running, any Error>?
    /// How many times the engine was started (the first start included).
    public private(set) var starts = 0

    public init(configuration: Configuration) { self.configuration = configuration }

    /// The running engine's endpoint, starting the engine first if it is not running.
    /// - Throws: `AIProviderError.unreachable` when it cannot start.
    public func endpoint() async throws -> OpenAIEndpoint {
        if let running, running.process.isRunning { return running.endpoint }
        running = nil
        if let starting { return try await starting.value.endpoint }
        let configuration = configuration
        let task = Task { try await Self.launch(configuration) }
        starting = task
        defer { starting = nil }
        do {
            let started = try await task.value
            starts += 1
            running = started
            return started.endpoint
        } catch {
            throw AIProviderError.unreachable("the offline transcription engine did not start: \(error)")
        }
    }

    /// The engine's process id while it runs.
    public var processIdentifier: Int32? {
        guard let running, running.process.isRunning else { return nil }
        return running.process.processIdentifier
    }

    /// Whether the engine answers `GET /health` now.
    public func isHealthy() async -> Bool {
        guard let running, running.process.isRunning else { return false }
        return await Self.answersHealth(running.endpoint, timeout: .seconds(5))
    }

    /// Restarts the engine when its process has died, or when it is idle (no request running)
    /// and does not answer its health check: an engine busy transcribing may be slow to
    /// answer, and is never stopped for that. Returns whether it was restarted.
    @discardableResult
    /// - Parameter holdingTurn: the caller is a request holding the engine's one turn (it just
    ///   failed to reach the engine), so the engine counts as idle with that one running. A
    ///   killed engine may still look running for a moment (its exit not yet reaped): then the
    ///   failed health check decides.
    public func recoverIfUnhealthy(holdingTurn: Bool = false) async -> Bool {
        guard let current = running else { return false }
        if current.process.isRunning {
            let own = holdingTurn ? 1 : 0
            guard queue.running <= own, await !isHealthy(), queue.running <= own else { return false }
        }
        stop()
        _ = try? await endpoint()
        return true
    }

    /// Ends the engine (SIGTERM, then its standard input closes).
    public func stop() {
        guard let running else { return }
        if running.process.isRunning { running.process.terminate() }
        try? running.input.fileHandleForWriting.close()
        self.running = nil
    }

    private static func launch(_ configuration: Configuration) async throws -> Running {
        guard configuration.isInstalled else {
            throw AIProviderError.notConfigured("the offline transcription engine is not installed (run scripts/setup): \(configuration.python), \(configuration.modelDirectory)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: configuration.python)
        process.arguments = [configuration.script, "--model", configuration.modelDirectory, "--threads", String(configuration.threads), "--port", "0"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        do {
            let port = try await firstLine(of: output.fileHandleForReading, timeout: configuration.startTimeout, processID: process.processIdentifier)
            guard port.hasPrefix("LISTENING "), let number = Int(port.dropFirst("LISTENING ".count)) else {
                throw AIProviderError.badResponse("the engine said \(port.isEmpty ? "nothing (see its error output)" : port)")
            }
            let endpoint = OpenAIEndpoint(baseURL: "http://127.0.0.1:\(number)/v1", apiKey: nil, timeout: .seconds(300), attempts: 1)
            guard await answersHealth(endpoint, timeout: .seconds(10)) else {
                throw AIProviderError.unreachable("the engine does not answer /health on port \(number)")
            }
            return Running(process: process, input: input, endpoint: endpoint)
        } catch {
            if process.isRunning { process.terminate() }
            throw error
        }
    }

    /// Reads the first line the engine prints, on a GCD thread (it blocks), within a deadline.
    /// On time-out the engine is killed, which ends the blocked read.
    private static func firstLine(of handle: FileHandle, timeout: Duration, processID: Int32) async throws -> String {
        try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().async {
                        var line = Data()
                        while true {
                            let chunk = handle.availableData
                            if chunk.isEmpty { break }
                            line.append(chunk)
                            if line.contains(UInt8(ascii: "\n")) { break }
                        }
                        let text = String(decoding: line.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
                        continuation.resume(returning: text)
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                kill(processID, SIGKILL)
                throw AIProviderError.timedOut("the engine did not load its model within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next() ?? ""
        }
    }

    private static func answersHealth(_ endpoint: OpenAIEndpoint, timeout: Duration) async -> Bool {
        let root = endpoint.baseURL.hasSuffix("/v1") ? String(endpoint.baseURL.dropLast(3)) : endpoint.baseURL
        let request = HTTPClientRequest(url: root + "/health")
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(timeout.components.seconds)) else { return false }
        _ = try? await response.body.collect(upTo: 1 << 16)
        return response.status.code == 200
    }
}
