import AI
import DocumentStore
import Domain
import Hummingbird

/// `GET /health`: storage and AI provider status; 503 when the store cannot answer.
struct HealthController: Sendable {
    let store: any DocumentStore
    let jobs: JobQueue
    let providers: AIProviders

    struct Health: ResponseEncodableDTO {
        struct Storage: Encodable, Sendable {
            var status: String
            var collections: Int
            var error: String?
        }

        var status: String
        var storage: Storage
        var ai: [String: String]
        var jobs: [String: Int]
    }

    func addRoutes(to router: Router<SpeakRequestContext>) {
        router.get("health") { request, context -> Response in
            let health = await check()
            var response = try health.response(from: request, context: context)
            if health.status != "ok" { response.status = .serviceUnavailable }
            return response
        }
    }

    private func check() async -> Health {
        let ai = providers.status.mapValues { $0 ? "configured" : "not configured" }
        do {
            let collections = try await store.listCollections()
            let counts = try await jobs.counts()
            return Health(status: "ok", storage: .init(status: "ok", collections: collections.count), ai: ai, jobs: counts)
        } catch {
            return Health(status: "unavailable", storage: .init(status: "error", collections: 0, error: "\(error)"), ai: ai, jobs: [:])
        }
    }
}
