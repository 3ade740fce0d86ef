import Domain
import Foundation
import Hummingbird

/// Picture-description practice (no login needed, as in the original): the list, the pictures,
/// and feedback on a learner's description. A configured AI provider is only spent on for a
/// signed-in learner (a valid bearer token); anyone else gets the offline answers.
struct ImagesController: Sendable {
    let service: ImagePracticeService
    /// Feedback without a signed-in learner is limited per client address (each is stored).
    let anonymousLimiter: RateLimiter
    let addresses: ClientAddressPolicy

    struct Entry: ResponseEncodableDTO {
        var id: String
        var name: String
        var detailDescription: String

        enum CodingKeys: String, CodingKey {
            case id, name, detailDescription = "detail_description"
        }
    }

    struct FeedbackAnswer: ResponseEncodableDTO {
        var betterVersion: String
        var explanation: String

        enum CodingKeys: String, CodingKey {
            case betterVersion = "better_version", explanation
        }
    }

    /// - Parameter router: the group where a token, when valid, is read into `identity`.
    func addRoutes(to router: RouterGroup<SpeakRequestContext>) {
        router.get("api/images/practice") { _, context in
            try await service.practiceList(mayUseProvider: context.identity != nil).map { Entry(id: $0.id, name: $0.name, detailDescription: $0.description) }
        }
        router.get("api/images/:image_id") { _, context -> Response in
            guard let (data, type) = try await service.picture(id: context.parameters.get("image_id") ?? "") else {
                throw HTTPError(.notFound, message: "Image not found")
            }
            return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.post("api/images/feedback") { request, context in try await feedback(request, context) }
    }

    private func feedback(_ request: Request, _ context: SpeakRequestContext) async throws -> FeedbackAnswer {
        let signedIn = context.identity != nil
        if !signedIn { try anonymousLimiter.check(["image-feedback:" + addresses.address(of: request.head, peer: context.clientAddress)]) }
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        let user = RequestBody.string(body, "user_id", issues: &issues)
        let image = RequestBody.string(body, "image_id", issues: &issues)
        let transcription = RequestBody.string(body, "user_transcription", issues: &issues)
        guard issues.isEmpty, let user, let image, let transcription else { throw RequestValidationError(issues) }
        let answer = try await service.feedback(userID: user, imageID: image, transcription: transcription, mayUseProvider: signedIn)
        guard let answer else {
            throw HTTPError(.notFound, message: "Image not found")
        }
        return FeedbackAnswer(betterVersion: answer.betterVersion, explanation: answer.explanation)
    }
}
