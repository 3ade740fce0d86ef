import AI
import AsyncHTTPClient
import BSON
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import DocumentStore
import Testing
import TestSupport

/// The real `speakai serve` process, started and SIGKILLed by the test.
private struct ServerProcess {
    let process: Process
    let port: Int
    /// What the server wrote to standard error: its log.
    let log: ChildOutputFile

    /// The `speakai` executable built beside the test bundle.
    static func binary() throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent(), directory.deletingLastPathComponent().deletingLastPathComponent()]
        guard let binary = candidates.map({ $0.appendingPathComponent("speakai") }).first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return binary
    }

    static func start(
        dataFile: String, aiBase: String, environment extra: [String: String] = [:], arguments: [String] = [], port chosen: Int? = nil
    ) throws -> ServerProcess {
        let port = try chosen ?? freePort()
        let log = try ChildOutputFile()
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["serve", "--port", String(port), "--data", dataFile, "--log-level", "info"] + arguments
        process.environment = [
            "AI_BASE_URL": aiBase, "AI_API_KEY": "k", "JWT_SECRET_KEY": "process-test-secret-of-32-bytes!!", "BCRYPT_COST": "4",
            "AI_TIMEOUT_SECONDS": "60",
        ].merging(extra) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = log.handle
        try process.run()
        return ServerProcess(process: process, port: port, log: log)
    }

    /// A port no one listens on, below Linux's ephemeral range (32768 up): the listeners the
    /// test process opens on port 0 and its outgoing connections never take one from there, so
    /// the server cannot meet another test's socket (which may accept and never answer).
    private static func freePort() throws -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 20_000...32_000)
            let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { break }
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 { return port }
        }
        throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "no free port"])
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        _ = process.exitStatus(waitingAtMost: 10)
    }

    /// Starts a server and waits until it is healthy. Another process may take the port between
    /// `freePort()` and the server's bind: the server then says so and ends, and is started
    /// again on another port.
    static func startHealthy(dataFile: String, aiBase: String, environment: [String: String] = [:]) async throws -> ServerProcess {
        for _ in 0..<3 {
            let server = try start(dataFile: dataFile, aiBase: aiBase, environment: environment)
            if try await server.waitForHealth() { return server }
        }
        Issue.record("three servers in a row found their port taken")
        throw CancellationError()
    }

    /// Waits until `GET /health` answers 200; false when the server ended because its HTTP port
    /// was taken. Each try gives up after two seconds, and a server that ends or never answers
    /// fails the test within a minute, with its log (and, when it still runs, its threads'
    /// stacks), instead of hanging the run.
    private func waitForHealth() async throws -> Bool {
        let api = "http://127.0.0.1:\(port)"
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(60))
        while clock.now < deadline, process.isRunning {
            if let (status, _) = try? await call(.GET, "\(api)/health", timeout: .seconds(2)), status == 200 { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        let text = log.text()
        if !process.isRunning {
            if text.contains("the HTTP API cannot listen on 127.0.0.1:\(port)") { return false }
            Issue.record("the server on port \(port) ended with status \(process.terminationStatus) before it was healthy; its log:\n\(text)")
        } else {
            Issue.record("the server on port \(port) runs but never answered /health; its log:\n\(text)\nits threads:\n\(stacks())")
        }
        throw CancellationError()
    }

    /// Every thread's stack, from gdb when the machine has it (only when a test is failing).
    private func stacks() -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb"),
              let output = try? ExternalTool.output("/usr/bin/gdb", ["-batch", "-p", String(process.processIdentifier), "-ex", "thread apply all bt"])
        else { return "(no gdb)" }
        return String(decoding: output, as: UTF8.self)
    }
}

/// One HTTP call with AsyncHTTPClient; returns status and body text.
private func call(
    _ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil, form: String? = nil, multipart: (String, [UInt8])? = nil,
    timeout: TimeAmount = .seconds(30)
) async throws -> (Int, String) {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    if let json {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    } else if let form {
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form))
    } else if let (boundary, bytes) = multipart {
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        request.body = .bytes(ByteBuffer(bytes: bytes))
    } else {
        request.headers.add(name: "Content-Type", value: "application/json")
    }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let body = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), String(buffer: body))
}

/// The signals a process ignores: bit `n - 1` for signal `n`, from `/proc/PID/status`.
private func ignoredSignals(of pid: String) throws -> UInt64 {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("SigIgn:") })
    return try #require(UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16))
}

private func field(_ text: String, _ path: String...) -> String? {
    guard var value = try? JSONValue(parsing: text) else { return nil }
    for key in path {
        guard case .object(let members) = value, let next = members.first(where: { $0.key == key })?.value else { return nil }
        value = next
    }
    if case .string(let s) = value { return s }
    if case .bool(let b) = value { return b ? "true" : "false" }
    return nil
}

@Suite("The server process", .serialized)
struct ServerProcessTests {
    @Test("SIGKILLed while writing feedback, the restarted server still delivers it")
    func killBetweenMessageAndFeedback() async throws {
        // The teacher's first answer never comes in time: the server is killed while waiting for it.
        let fake = FakeOpenAIServer(
            replies: [.content(ConversationsRouteTests.scenario), .content("Nice! And then?"), .delayed(.seconds(120), .content("{}")),
                      .content(ConversationFlowTests.feedbackJSON)],
            transcriptions: [.transcript("I goes to school yesterday.", duration: 0.5)])
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                let dataFile = directory.appendingPathComponent("server.db").path
                // Given a running server, a learner, a conversation and a recording
                var server = try await ServerProcess.startHealthy(dataFile: dataFile, aiBase: base)
                var api = "http://127.0.0.1:\(server.port)"
                let (_, registered) = try await call(.POST, "\(api)/api/users/register", json: #"{"name":"Kim","email":"kim@example.com","password":"secret123"}"#)
                let token = try #require(field(registered, "access_token"))
                let (_, created) = try await call(.POST, "\(api)/api/conversations", token: token, json: ConversationsRouteTests.create)
                let conversation = try #require(field(created, "conversation", "id"))
                let boundary = "b-\(UUID().uuidString)"
                let upload = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"audio_file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n".utf8) + wavBytes() + Array("\r\n--\(boundary)--\r\n".utf8)
                let (_, uploaded) = try await call(.POST, "\(api)/api/audio2text", token: token, multipart: (boundary, upload))
                let audio = try #require(field(uploaded, "audio_id"))
                // When a message is sent and the server is SIGKILLed while its feedback is being written
                let (sent, exchange) = try await call(.POST, "\(api)/api/conversations/\(conversation)/message?audio_id=\(audio)", token: token)
                #expect(sent == 200)
                let message = try #require(field(exchange, "user_message", "id"))
                try await waitUntil { fake.receivedBodies.count >= 4 }  // scenario, reply, transcription, the feedback request
                server.kill()
                // Then after a restart the feedback arrives
                server = try await ServerProcess.startHealthy(dataFile: dataFile, aiBase: base)
                defer { server.kill() }
                api = "http://127.0.0.1:\(server.port)"
                var ready = false
                for _ in 0..<100 where !ready {
                    let (_, body) = try await call(.GET, "\(api)/api/messages/\(message)/feedback", token: token)
                    ready = field(body, "is_ready") == "true"
                    if ready { #expect(field(body, "user_feedback", "user_feedback")?.contains("past tense") == true) }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(ready)
            }
        }
    }

    @Test("under a file-size limit writes are refused, /health says degraded, and once lifted writes go on with nothing lost")
    func fileSizeLimit() async throws {
        try await withTemporaryDirectory { directory in
            // Given a running server and a learner
            let server = try await ServerProcess.startHealthy(dataFile: directory.appendingPathComponent("server.db").path, aiBase: "http://127.0.0.1:9")
            defer { server.kill() }
            let api = "http://127.0.0.1:\(server.port)"
            let (_, registered) = try await call(.POST, "\(api)/api/users/register", json: #"{"name":"Kim","email":"kim@example.com","password":"secret123"}"#)
            let token = try #require(field(registered, "access_token"))
            // When no file of its may be written past its first byte (SIGXFSZ would kill a
            // process that does not ignore it; a larger limit lets a write succeed again once a
            // checkpoint restarts the WAL below it, which ends the outage before /health is asked)
            // and the learner keeps saving mistakes
            let pid = String(server.process.processIdentifier)
            // (This test's children start with most signals blocked, SIGXFSZ too; a server
            // started by a shell has none blocked, so the server must ignore it itself.)
            #expect(try ignoredSignals(of: pid) & (1 << (UInt64(SIGXFSZ) - 1)) != 0, "speakai serve does not ignore SIGXFSZ")
            try ExternalTool.run("/usr/bin/prlimit", ["--pid", pid, "--fsize=1:"])
            var acknowledged = 0
            var refusal: (Int, String)?
            for _ in 0..<90 where refusal == nil {
                let (status, body) = try await call(.POST, "\(api)/api/mistakes/create", token: token, json: MistakesRouteTests.grammar)
                if status == 201 { acknowledged += 1 } else { refusal = (status, body) }
            }
            // Then a write is refused with FastAPI's plain 500, the server lives on, and /health says why
            let (status, body) = try #require(refusal)
            #expect(status == 500 && body == "Internal Server Error", "\(body)")
            #expect(server.process.isRunning)
            let (healthStatus, health) = try await call(.GET, "\(api)/health")
            #expect(healthStatus == 200)
            #expect(field(health, "status") == "degraded")
            #expect(field(health, "storage", "status") == "writes failing")
            #expect(field(health, "storage", "writes_failing_since")?.count == 26, "\(health)")
            #expect(health.contains(#""refused_writes":"#))
            // When the limit is lifted, then writes are acknowledged again and /health is ok
            try ExternalTool.run("/usr/bin/prlimit", ["--pid", pid, "--fsize=unlimited:"])
            let (afterStatus, _) = try await call(.POST, "\(api)/api/mistakes/create", token: token, json: MistakesRouteTests.grammar)
            #expect(afterStatus == 201)
            acknowledged += afterStatus == 201 ? 1 : 0
            let (_, healed) = try await call(.GET, "\(api)/health")
            #expect(field(healed, "status") == "ok" && field(healed, "storage", "status") == "ok", "\(healed)")
            // And every acknowledged mistake is there, no refused one; the log tells of the end
            let (_, listed) = try await call(.GET, "\(api)/api/mistakes/list?limit=100", token: token)
            let mistakes = try JSONValue(parsing: listed)
            guard case .array(let items) = mistakes else { Issue.record("not a list: \(listed)"); return }
            #expect(items.count == acknowledged)
            try await waitUntil { server.log.text().contains("Writes to the data file succeed again") }
        }
    }

    @Test("with MONGODB_URL the server keeps its documents in MongoDB (our wire server here), not in a data file")
    func mongoDBURL() async throws {
        try await withTemporaryDirectory { directory in
            // Given a MongoDB-speaking server in front of a store of its own
            try await withStore(.embedded, in: directory.appendingPathComponent("mongodb")) { database in
                try await withWireServer(over: database) { port in
                    // When `speakai serve` runs with MONGODB_URL pointing at it and a learner registers
                    let dataFile = directory.appendingPathComponent("server.db").path
                    let server = try await ServerProcess.startHealthy(dataFile: dataFile, aiBase: "http://127.0.0.1:9", environment: [
                        "MONGODB_URL": "mongodb://127.0.0.1:\(port)/?directConnection=true", "DATABASE_NAME": "speak_ai_db"])
                    defer { server.kill() }
                    let api = "http://127.0.0.1:\(server.port)"
                    let (status, _) = try await call(.POST, "\(api)/api/users/register", json: #"{"name":"Kim Lee","email":"kim@example.com","password":"secret123"}"#)
                    #expect(status == 200 || status == 201)
                    // Then the user is in MongoDB, with the server's indexes, and no data file was made
                    let user = try await database.collection("users").findOne(["email": "kim@example.com"])
                    #expect(user?["password"]?.stringValue?.hasPrefix("$2b$") == true)
                    #expect(try await database.collection("users").listIndexes().contains { $0.unique && $0.keys == ["email": 1] })
                    #expect(!FileManager.default.fileExists(atPath: dataFile))
                }
            }
        }
    }

    @Test("an unreachable MONGODB_URL stops the server with the reason, the password hidden")
    func unreachableMongoDB() async throws {
        try await withTemporaryDirectory { directory in
            let server = try ServerProcess.start(
                dataFile: directory.appendingPathComponent("server.db").path, aiBase: "http://127.0.0.1:9",
                environment: ["MONGODB_URL": "mongodb://app:hunter2@127.0.0.1:1/?serverSelectionTimeoutMS=300"])
            #expect(await server.process.exitStatus() == 1)
            let text = server.log.text()
            #expect(text.contains("mongodb://app:***@127.0.0.1:1") && text.contains("MongoDB is unreachable"), "\(text)")
            #expect(!text.contains("hunter2"))
        }
    }

    @Test("a wire port that cannot be bound stops the server with the reason (HTTP does not go on alone)")
    func wirePortTaken() async throws {
        // Given the port the wire protocol should use is taken
        let taken = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(taken.localAddress?.port)
        try await withTemporaryDirectory { directory in
            // When the server starts with it
            let server = try ServerProcess.start(
                dataFile: directory.appendingPathComponent("server.db").path, aiBase: "http://127.0.0.1:9",
                arguments: ["--mongo-port", String(port)])
            // Then it stops, saying why
            #expect(await server.process.exitStatus() == 1)
            let text = server.log.text()
            #expect(text.contains("cannot listen on 127.0.0.1:\(port)"), "\(text)")
        }
        try await taken.close()
    }

    @Test("an HTTP port that cannot be bound stops the server with the reason")
    func httpPortTaken() async throws {
        // Given the HTTP port is taken
        let taken = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(taken.localAddress?.port)
        try await withTemporaryDirectory { directory in
            // When the server starts with it
            let server = try ServerProcess.start(dataFile: directory.appendingPathComponent("server.db").path, aiBase: "http://127.0.0.1:9", port: port)
            // Then it stops, saying which address and why
            #expect(await server.process.exitStatus() == 1)
            let text = server.log.text()
            #expect(text.contains("the HTTP API cannot listen on 127.0.0.1:\(port): Address already in use"), "\(text)")
        }
        try await taken.close()
    }

    @Test("a well-known JWT_SECRET_KEY or an out-of-range BCRYPT_COST stops the server at start, naming the variable")
    func refusesWeakSettings() async throws {
        for (variable, value) in [("JWT_SECRET_KEY", "mysecretkey"), ("BCRYPT_COST", "99")] {
            try await withTemporaryDirectory { directory in
                let server = try ServerProcess.start(
                    dataFile: directory.appendingPathComponent("server.db").path, aiBase: "http://127.0.0.1:9",
                    environment: [variable: value])
                #expect(await server.process.exitStatus() == 1)
                let text = server.log.text()
                #expect(text.contains("refusing to start") && text.contains(variable), "\(text)")
                // And nothing was opened or created
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("server.db").path))
            }
        }
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<100 where !condition() { try await Task.sleep(for: .milliseconds(50)) }
        #expect(condition())
    }
}
