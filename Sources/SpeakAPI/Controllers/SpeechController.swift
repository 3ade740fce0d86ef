import AI
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// MP3 speech of AI messages in the conversation's voice, and a demo without login — spoken by
/// the configured provider for a signed-in learner, and offline (espeak-ng) for anyone else, so
/// anonymous requests never spend a remote provider's money.
struct SpeechController: Sendable {
    let conversations: ConversationRepository
    let speech: any SpeechSynthesizer
    /// The demo needs no login: it is limited per client address.
    let demoLimiter: RateLimiter
    let addresses: ClientAddressPolicy

    /// What speaks for someone not signed in: the configured synthesizer when it is local
    /// (offline or none), else the offline one.
    var anonymousSpeech: any SpeechSynthesizer {
        speech is OfflineSpeechSynthesizer || speech is UnconfiguredSpeechSynthesizer ? speech : OfflineSpeechSynthesizer()
    }

    /// - Parameters:
    ///   - anyone: where the demo goes (a token, when valid, is read into `identity`).
    ///   - signedIn: where routes that need a user go.
    func addRoutes(anyone: RouterGroup<SpeakRequestContext>, signedIn: RouterGroup<AuthenticatedContext>) {
        anyone.get("api/messages/demospeech") { request, context in try await demo(request, context) }
        signedIn.get("api/messages/:message_id/speech") { request, context in try await speak(request, context) }
    }

    private func mp3(_ data: Data, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "audio/mpeg"]
        headers.append(contentsOf: extra)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func speak(_ request: Request, _ context: AuthenticatedContext) async throws -> Response {
        let user = context.user
        let id: MessageID = try PathParameters.id(context, "message_id")
        guard let (message, conversation) = try await conversations.message(id, owner: user.id) else {
            throw HTTPError(.notFound, message: "Message not found")
        }
        guard message.sender == .ai else { throw HTTPError(.badRequest, message: "Speech can only be generated for AI messages") }
        guard !message.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw HTTPError(.badRequest, message: "AI Message has no text content to synthesize")
        }
        return mp3(try await speech.speak(message.content, voice: conversation.voiceType ?? VoiceCatalog.fallback))
    }

    private func demo(_ request: Request, _ context: SpeakRequestContext) async throws -> Response {
        let address = addresses.address(of: request.head, peer: context.clientAddress)
        try demoLimiter.check(["speech:" + address])
        let text = request.formQuery.get("message") ?? "Hello, how are you?"
        guard text.utf8.count <= 4000, text.count <= 1000 else {
            throw RequestValidationError([ValidationIssue(type: "string_too_long", loc: ["query", "message"], msg: "String should have at most 1000 characters")])
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RequestValidationError([ValidationIssue(type: "string_too_short", loc: ["query", "message"], msg: "String should have at least 1 character", input: text)])
        }
        let synthesizer = context.identity != nil ? speech : anonymousSpeech
        let start = ContinuousClock.now
        let audio = try await synthesizer.speak(text, voice: VoiceCatalog.fallback)
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var extra = HTTPFields()
        if let name = HTTPField.Name("X-Processing-Time") { extra[name] = String(format: "%.3f", seconds) }
        return mp3(audio, extra: extra)
    }
}
