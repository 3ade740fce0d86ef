import AI
import BSON
import DocumentStore
import Domain
import EmbeddedStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpeakAPI
import Testing
import TestSupport

@Suite("Speech, health and CORS over real HTTP", .tags(.speechEngines))
struct SpeechHealthTests {
    private func providers(_ base: String) -> AIProviders {
        let endpoint = OpenAIEndpoint(baseURL: base, apiKey: nil, timeout: .seconds(5), attempts: 1)
        return AIProviders(
            chat: OpenAICompatibleChatModel(endpoint: endpoint, model: "fake"),
            speech: OpenAICompatibleSpeechSynthesizer(endpoint: endpoint, model: "kokoro", fixedVoice: nil))
    }

    @Test("an AI message is spoken as MP3 in the conversation's voice; user messages are refused")
    func speech() async throws {
        let fake = FakeOpenAIServer(replies: [.content(ConversationsRouteTests.scenario)])
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                try await LiveServer.run(in: directory, providers: providers(base)) { client, store in
                    let token = try await LiveServer.register(client)
                    let (_, _, created) = try await client.json(.post, "/api/conversations", token: token, body: ConversationsRouteTests.create)
                    let opening = try #require(created?["initial_message"]?["id"]?.string)
                    // When the client asks for the opening line's speech (Accept: audio/mpeg, no content type)
                    try await client.execute(uri: "/api/messages/\(opening)/speech", method: .get, headers: [.authorization: "Bearer \(token)", .accept: "audio/mpeg"]) { response in
                        #expect(response.status == .ok && response.headers[.contentType] == "audio/mpeg")
                        #expect(Array(response.body.readableBytesView) == FakeOpenAIServer.mp3)
                    }
                    // Then the engine got the message text and the stored voice
                    let voice = try #require(try await store.collection("conversations").findOne()?["voice_type"]?.stringValue)
                    #expect(fake.receivedBodies.last?.contains("\"voice\":\"\(voice)\"") == true)
                    #expect(fake.receivedBodies.last?.contains("What can I get for you today?") == true)
                    // A user message cannot be spoken
                    let userMessage = Message(conversationID: try ConversationID(created?["conversation"]?["id"]?.string ?? ""), sender: .user, content: "hi", timestamp: Date())
                    try await store.collection("messages").insertOne(["_id": .objectId(userMessage.id.objectId), "conversation_id": .objectId(userMessage.conversationID.objectId), "sender": "user", "content": "hi", "timestamp": .datetime(.now)])
                    let (refused, _, body) = try await client.json(.get, "/api/messages/\(userMessage.id.hex)/speech", token: token)
                    #expect(refused == .badRequest && body?["detail"]?.string == "Speech can only be generated for AI messages")
                    // The demo needs no login and reports its processing time; anonymously it is
                    // spoken offline, never by the configured provider
                    let requestsBefore = fake.receivedBodies.count
                    try await client.execute(uri: "/api/messages/demospeech?message=Hello", method: .get) { response in
                        #expect(response.status == .ok && response.headers[HTTPField.Name("X-Processing-Time")!] != nil)
                        #expect(response.headers[.contentType] == "audio/mpeg" && Array(response.body.readableBytesView) != FakeOpenAIServer.mp3)
                    }
                    #expect(fake.receivedBodies.count == requestsBefore)
                    // A signed-in learner's demo uses the configured provider
                    try await client.execute(uri: "/api/messages/demospeech?message=Hello", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                        #expect(response.status == .ok && Array(response.body.readableBytesView) == FakeOpenAIServer.mp3)
                    }
                    #expect(fake.receivedBodies.count == requestsBefore + 1)
                }
            }
        }
    }

    @Test("without a speech provider the demo says what is missing (503)")
    func speechNotConfigured() async throws {
        try await LiveServer.run { client, _ in
            let (status, _, body) = try await client.json(.get, "/api/messages/demospeech")
            #expect(status == .serviceUnavailable && body?["detail"]?.string?.contains("TTS_BACKEND_BASE_URL") == true)
        }
    }

    @Test("the anonymous demo refuses empty text (422) and is limited per client address (429)")
    func demoLimits() async throws {
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: AIProviders(speech: OfflineSpeechSynthesizer()), configure: { $0.demoSpeechPerMinute = 3 }) { client, _ in
                // Empty or blank text is the client's mistake, not the engine's (was 502)
                for query in ["message=", "message=+++", "message=%20%0A"] {
                    let (status, _, body) = try await client.json(.get, "/api/messages/demospeech?\(query)")
                    #expect(status == .unprocessableContent && body?["detail"]?[0]?["type"]?.string == "string_too_short", "\(query)")
                }
                // And the fourth request of the minute from one address waits
                let (limited, headers, _) = try await client.json(.get, "/api/messages/demospeech?message=Hello")
                #expect(limited == .tooManyRequests && headers[.retryAfter] != nil)
            }
        }
    }

    @Test("health reports storage, AI providers and jobs; CORS answers preflights")
    func healthAndCORS() async throws {
        try await LiveServer.run { client, _ in
            let (status, _, body) = try await client.json(.get, "/health")
            #expect(status == .ok && body?["status"]?.string == "ok")
            #expect(body?["ai"]?["chat"]?.string == "offline")
            #expect(body?["storage"]?["status"]?.string == "ok")
            #expect(body?["storage"]?["writes_failing_since"] == .null && body?["storage"]?["refused_writes"] == .null)
            try await client.execute(
                uri: "/api/users/login", method: .options,
                headers: [.origin: "http://localhost:3000", .accessControlRequestMethod: "POST"]
            ) { response in
                // Any origin, but never with credentials (the token travels in a header)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.accessControlAllowCredentials] == nil)
            }
        }
    }

    @Test("with CORS_ORIGINS, each listed origin is allowed with credentials; others get no CORS headers and a 400 preflight")
    func configuredOrigins() async throws {
        try await withTemporaryDirectory { directory in
            let origins = try SpeakAPIConfiguration.parseCORSOrigins("https://app.example.com, http://localhost:5173")
            try await LiveServer.run(in: directory, providers: AIProviders(), configure: { $0.corsOrigins = origins }) { client, _ in
                // When each listed origin sends a preflight, then it is echoed back with credentials
                for origin in ["https://app.example.com", "http://localhost:5173"] {
                    try await client.execute(
                        uri: "/api/users/login", method: .options, headers: [.origin: origin, .accessControlRequestMethod: "POST"]
                    ) { response in
                        #expect(response.headers[.accessControlAllowOrigin] == origin)
                        #expect(response.headers[.accessControlAllowCredentials] == "true")
                    }
                }
                // When another origin sends one, then it is refused as Starlette does
                try await client.execute(
                    uri: "/api/users/login", method: .options, headers: [.origin: "https://evil.example.net", .accessControlRequestMethod: "POST"]
                ) { response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body) == "Disallowed CORS origin")
                    #expect(response.headers[.accessControlAllowOrigin] == nil)
                }
                // And its plain requests are answered without CORS headers (the browser hides them)
                try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://evil.example.net"]) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.accessControlAllowOrigin] == nil)
                }
            }
        }
    }
}

@Suite("OpenAPI over real HTTP")
struct OpenAPIRouteTests {
    @Test("/openapi.json describes every route; /docs is a Swagger UI page over it")
    func openapi() async throws {
        try await LiveServer.run { client, _ in
            let (status, _, document) = try await client.json(.get, "/openapi.json")
            #expect(status == .ok && document?["openapi"]?.string == "3.1.0")
            let paths = document?["paths"]?.keys ?? []
            for path in ["/api/users/register", "/api/users/login", "/api/users/me", "/api/conversations", "/api/conversations/{conversation_id}",
                         "/api/conversations/{conversation_id}/message", "/api/audio2text", "/api/messages/{message_id}/feedback",
                         "/api/messages/{message_id}/speech", "/messages/{message_id}/voice_context", "/health", "/api/mistakes/drill-session",
                         "/api/mistakes/{mistake_id}", "/api/mistakes/statistics", "/api/feedback/generate", "/api/feedback/{feedback_id}"] {
                #expect(paths.contains(path), "\(path)")
            }
            // Without Swagger UI's files, /docs lists the routes plainly
            try await client.execute(uri: "/docs", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("/openapi.json") && page.contains("POST /api/users/login"))
                #expect(!page.contains("https://"))
            }
        }
    }

    @Test("/docs is Swagger UI from the files scripts/setup installs: no CDN, every asset served by the server")
    func localSwaggerUI() async throws {
        let assets = ProjectFolder.root.appendingPathComponent(".venv/swagger-ui")
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: AIProviders(), configure: { $0.swaggerUIDirectory = assets.path }) { client, _ in
                // When the page is read, then it loads nothing from elsewhere
                try await client.execute(uri: "/docs", method: .get) { response in
                    let page = String(buffer: response.body)
                    #expect(response.status == .ok && page.contains("SwaggerUIBundle") && page.contains("/openapi.json"))
                    #expect(!page.contains("http://") && !page.contains("https://"))
                }
                // And each file it names is the installed one, with its type
                for (name, type) in [("swagger-ui-bundle.js", "application/javascript; charset=utf-8"), ("swagger-ui.css", "text/css; charset=utf-8")] {
                    let installed = try Data(contentsOf: assets.appendingPathComponent(name))
                    try await client.execute(uri: "/docs/\(name)", method: .get) { response in
                        #expect(response.status == .ok && response.headers[.contentType] == type)
                        #expect(Data(response.body.readableBytesView) == installed)
                    }
                }
            }
        }
    }
}

@Suite("Metrics over real HTTP")
struct MetricsRouteTests {
    /// The value of the sample line that starts with `series` (labels included), or 0 when absent.
    static func sample(_ series: String, in text: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1)) ?? .nan
        }
        return 0
    }

    @Test("/metrics counts requests by route, method and status, with durations and jobs, in Prometheus' text format")
    func metrics() async throws {
        try await LiveServer.run { client, _ in
            // Given the counts before (the registry is the process's: other tests run beside this one)
            let ok = #"hb_requests{http_route="/",http_request_method="GET",http_response_status_code="200"}"#
            let unauthorized = #"hb_requests{http_route="/api/users/me",http_request_method="GET",http_response_status_code="401"}"#
            let before = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            // When a request succeeds and another is refused
            _ = try await client.json(.get, "/")
            _ = try await client.json(.get, "/api/users/me")
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                // Then both are counted under their route and status, and timed
                #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(Self.sample(ok, in: text) >= Self.sample(ok, in: before) + 1)
                #expect(Self.sample(unauthorized, in: text) >= Self.sample(unauthorized, in: before) + 1)
                #expect(text.contains(#"http_server_request_duration_bucket{http_route="/",http_request_method="GET",http_response_status_code="200",le="+Inf"}"#))
                #expect(text.contains("# TYPE speakai_jobs gauge"))
                #expect(Self.sample(#"speakai_jobs{status="pending"}"#, in: text) == 0)
                #expect(Self.sample("speakai_uptime_seconds", in: text) > 0)
            }
        }
    }

    @Test("/metrics shows the embedded store's commits, writes by outcome, commit durations and sizes, and the file's size")
    func storeMetrics() async throws {
        try await LiveServer.run { client, store in
            let commits = "speakai_store_commits_total"
            let acknowledged = #"speakai_store_writes_total{outcome="acknowledged"}"#
            let refused = #"speakai_store_writes_total{outcome="refused"}"#
            let timed = "speakai_store_commit_duration_seconds_count"
            let sized = "speakai_store_commit_writes_count"
            let before = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            // When a learner registers (a write through the API), a write is made directly, and
            // the same write again is refused (a duplicate _id)
            _ = try await LiveServer.register(client)
            let probe = store.collection("metrics_probe")
            try await probe.insertOne(["_id": 1])
            await #expect(throws: StoreError.self) { try await probe.insertOne(["_id": 1]) }
            let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            // Then each is counted by its outcome, and the commits are timed and sized
            #expect(Self.sample(commits, in: text) >= Self.sample(commits, in: before) + 2)
            #expect(Self.sample(acknowledged, in: text) >= Self.sample(acknowledged, in: before) + 2)
            #expect(Self.sample(refused, in: text) >= Self.sample(refused, in: before) + 1)
            #expect(Self.sample(timed, in: text) >= Self.sample(timed, in: before) + 2)
            #expect(Self.sample(sized, in: text) >= Self.sample(sized, in: before) + 2)
            // in buckets made for them (an fsync takes about a millisecond; groups hold 1-1,024)
            #expect(text.contains(#"speakai_store_commit_duration_seconds_bucket{le="0.001"}"#))
            #expect(text.contains(#"speakai_store_commit_writes_bucket{le="1024.0"}"#))
            #expect(text.contains("# TYPE speakai_store_commits_total counter"))
            // and the file's size is there
            let bytes = Self.sample(#"speakai_store_file_bytes{file="data"}"#, in: text) + Self.sample(#"speakai_store_file_bytes{file="wal"}"#, in: text)
            #expect(bytes > 0)
            // and so is the room left on its file system, as statvfs tells it
            var system = statvfs()
            let path = try #require((store as? EmbeddedStore)?.path)
            #expect(statvfs(path, &system) == 0)
            let free = Self.sample("speakai_store_disk_free_bytes", in: text)
            let now = Double(system.f_bavail) * Double(system.f_frsize)
            #expect(free > 0 && abs(free - now) < max(64 * 1_048_576, now / 10), "\(free) vs \(now)")
        }
    }

    @Test("/metrics counts reads that waited for a reader thread")
    func queuedReads() async throws {
        try await LiveServer.run { client, store in
            let queued = "speakai_store_reads_queued_total"
            // Given a collection too large for a read on the caller's thread
            let items = store.collection("scanned")
            try await items.insertMany((0..<10_000).map { ["n": .int32(Int32($0)), "text": .string(String(repeating: "t", count: 100))] })
            let before = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            // When three times as many full scans as there are reader threads run at once
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<24 { group.addTask { try await items.find(["n": ["$gte": 0]]).count } }
                for try await count in group { #expect(count == 10_000) }
            }
            // Then those that found every reader busy are counted, and the threads are shown
            let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(Self.sample(queued, in: text) >= Self.sample(queued, in: before) + 1)
            #expect(Self.sample("speakai_store_reader_threads", in: text) > 0)
        }
    }
}
