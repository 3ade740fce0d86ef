import Hummingbird

/// `GET /`: the welcome document of the original service (CONTRACT B§2.1).
struct RootController: Sendable {
    struct Welcome: ResponseEncodableDTO {
        var message = "Welcome to Speak AI API"
        var docsURL = "/docs"
        var openAPIURL = "/openapi.json"

        enum CodingKeys: String, CodingKey {
            case message
            case docsURL = "docs_url"
            case openAPIURL = "openapi_url"
        }
    }

    func addRoutes(to router: Router<SpeakRequestContext>) {
        router.get("/") { _, _ in Welcome() }
    }
}
