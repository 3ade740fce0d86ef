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
        dataFile: String, aiBase: String, environment extra: [String: String] = [:], arguments: [String] = [], standardError: Any = FileHandle.nullDevice
    ) throws -> ServerProcess {
        let port = Int.random(in: 20_000...60_000)
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["serve", "--port", String(port), "--data", dataFile, "--log-level", "warning"] + arguments
        process.environment = [
            "AI_BASE_URL": aiBase, "AI_API_KEY": "k", "JWT_SECRET_KEY": "process-test-secret-of-32-bytes!!", "BCRYPT_COST": "4",
            "AI_TIMEOUT_SECONDS": "60",
        ].merging(extra) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = standardError
        try process.run()
        return ServerProcess(process: process, port: port)
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        _ = process.exitStatus(waitingAtMost: 10)
    }
}

/// One HTTP call with AsyncHTTPClient; returns status and body text.
private func call(_ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil, form: String? = nil, multipart: (String, [UInt8])? = nil) async throws -> (Int, String) {
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
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), String(buffer: body))
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
                var server = try ServerProcess.start(dataFile: dataFile, aiBase: base)
                var api = "http://127.0.0.1:\(server.port)"
                try await waitForHealth(api)
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
                server = try ServerProcess.start(dataFile: dataFile, aiBase: base)
                defer { server.kill() }
                api = "http://127.0.0.1:\(server.port)"
                try await waitForHealth(api)
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

    @Test("with MONGODB_URL the server keeps its documents in MongoDB (our wire server here), not in a data file")
    func mongoDBURL() async throws {
        try await withTemporaryDirectory { directory in
            // Given a MongoDB-speaking server in front of a store of its own
            try await withStore(.embedded, in: directory.appendingPathComponent("mongodb")) { database in
                try await withWireServer(over: database) { port in
                    // When `speakai serve` runs with MONGODB_URL pointing at it and a learner registers
                    let dataFile = directory.appendingPathComponent("server.db").path
                    let server = try ServerProcess.start(dataFile: dataFile, aiBase: "http://127.0.0.1:9", environment: [
                        "MONGODB_URL": "mongodb://127.0.0.1:\(port)/?directConnection=true", "DATABASE_NAME": "speak_ai_db"])
                    defer { server.kill() }
                    let api = "http://127.0.0.1:\(server.port)"
                    try await waitForHealth(api)
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
            let errors = try ChildOutputFile()
            let server = try ServerProcess.start(
                dataFile: directory.appendingPathComponent("server.db").path, aiBase: "http://127.0.0.1:9",
                environment: ["MONGODB_URL": "mongodb://app:hunter2@127.0.0.1:1/?serverSelectionTimeoutMS=300"], standardError: errors.handle)
            #expect(await server.process.exitStatus() == 1)
            let text = errors.text()
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
            let errors = try ChildOutputFile()
            // When the server starts with it
            let server = try ServerProcess.start(
                dataFile: directory.appendingPathComponent("server.db").path, aiBase: "http://127.0.0.1:9",
                arguments: ["--mongo-port", String(port)], standardError: errors.handle)
            // Then it stops, saying why
            #expect(await server.process.exitStatus() == 1)
            let text = errors.text()
            #expect(text.contains("cannot listen on 127.0.0.1:\(port)"), "\(text)")
        }
        try await taken.close()
    }

    @Test("a well-known JWT_SECRET_KEY or an out-of-range BCRYPT_COST stops the server at start, naming the variable")
    func refusesWeakSettings() async throws {
        for (variable, value) in [("JWT_SECRET_KEY", "mysecretkey"), ("BCRYPT_COST", "99")] {
            try await withTemporaryDirectory { directory in
                let errors = try ChildOutputFile()
                let server = try ServerProcess.start(
                    dataFile: directory.appendingPathComponent("server.db").path, aiBase: "http://127.0.0.1:9",
                    environment: [variable: value], standardError: errors.handle)
                #expect(await server.process.exitStatus() == 1)
                let text = errors.text()
                #expect(text.contains("refusing to start") && text.contains(variable), "\(text)")
                // And nothing was opened or created
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("server.db").path))
            }
        }
    }

    private func waitForHealth(_ api: String) async throws {
        for _ in 0..<100 {
            if let (status, _) = try? await call(.GET, "\(api)/health"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the server did not become healthy")
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<100 where !condition() { try await Task.sleep(for: .milliseconds(50)) }
        #expect(condition())
    }
}
