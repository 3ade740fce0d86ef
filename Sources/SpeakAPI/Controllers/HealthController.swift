import AI
import DocumentStore
import Domain
import Hummingbird
import Logging

/// `GET /health`: storage and AI provider status; 503 when the store cannot answer. While the
/// store refuses writes because its storage cannot take them (a full disk), the answer is still
/// 200, since reads work, but says `degraded`, since when and how many writes were refused.
struct HealthController: Sendable {
    let store: any DocumentStore
    let jobs: JobCountsCache
    let providers: AIProviders

    struct Health: ResponseEncodableDTO {
        struct Storage: Encodable, Sendable {
            var status: String
            var collections: Int
            var error: String?
            var writesFailingSince: String?
            var refusedWrites: Int?

            enum CodingKeys: String, CodingKey {
                case status, collections, error
                case writesFailingSince = "writes_failing_since"
                case refusedWrites = "refused_writes"
            }
        }

        struct AIStatus: Encodable, Sendable {
            var chat: String
            var transcription: String
            var speech: String
        }

        struct Jobs: Encodable, Sendable {
            var pending = 0
            var running = 0
            var done = 0
            var failed = 0
        }

        var status: String
        var storage: Storage
        var ai: AIStatus
        var jobs: Jobs
    }

    func addRoutes(to router: Router<SpeakRequestContext>) {
        router.get("health") { request, context -> Response in
            let health = await check(logger: context.logger)
            var response = try health.response(from: request, context: context)
            if health.status == "unavailable" { response.status = .serviceUnavailable }
            return response
        }
    }

    private func check(logger: Logger) async -> Health {
        let status = providers.status
        func word(_ key: String) -> String { status[key] ?? "not configured" }
        let ai = Health.AIStatus(chat: word("chat"), transcription: word("transcription"), speech: word("speech"))
        do {
            let collections = try await store.listCollections()
            let counts = try await jobs.counts()
            let jobCounts = Health.Jobs(pending: counts["pending"] ?? 0, running: counts["running"] ?? 0, done: counts["done"] ?? 0, failed: counts["failed"] ?? 0)
            if let outage = store.writeOutage {
                // The reason is in the log (said when the writes started failing).
                let storage = Health.Storage(
                    status: "writes failing", collections: collections.count, error: "writes are refused: the storage cannot take them",
                    writesFailingSince: NaiveISODate.string(outage.since), refusedWrites: outage.refused)
                return Health(status: "degraded", storage: storage, ai: ai, jobs: jobCounts)
            }
            return Health(status: "ok", storage: .init(status: "ok", collections: collections.count), ai: ai, jobs: jobCounts)
        } catch {
            // The reason goes to the log; the client learns only that storage is unavailable.
            logger.error("Health check: storage unavailable", metadata: ["error": "\(error)"])
            return Health(status: "unavailable", storage: .init(status: "error", collections: 0, error: "storage unavailable"), ai: ai, jobs: .init())
        }
    }
}
