import AI
import Domain
import Foundation
import Hummingbird

/// `POST /api/audio2text`: an uploaded recording (part `audio_file`) is checked, transcribed,
/// and — only when something was heard — kept and recorded.
struct AudioController: Sendable {
    let intake: RecordingIntake
    let authenticator: Authenticator
    let maximumUploadBytes: Int

    /// The answer; `audio_id` is null when nothing was stored.
    struct Answer: ResponseEncodableDTO {
        var audioID: String?
        var transcription: String
        var success: Bool

        enum CodingKeys: String, CodingKey {
            case audioID = "audio_id", transcription, success
        }
    }

    static let nothingHeard = "It seems like you didn't say anything. Please try again."

    func addRoutes(to router: Router<SpeakRequestContext>) {
        router.post("api/audio2text") { request, _ in try await upload(request) }
    }

    private func upload(_ request: Request) async throws -> Answer {
        let user = try await authenticator.user(for: request)
        let parts = try await MultipartForm.parts(request, maximumBytes: maximumUploadBytes)
        guard let part = parts.first(where: { $0.name == "audio_file" }) else {
            throw RequestValidationError([.missing(["body", "audio_file"])])
        }
        let bytes = Data(part.body.readableBytesView)
        guard let container = AudioContainer.sniff(bytes) else {
            throw HTTPError(.unsupportedMediaType, message: "Unsupported audio format: upload WAV, MP3, M4A/AAC, OGG, FLAC or WebM")
        }
        let filename = part.filename.flatMap { $0.isEmpty ? nil : $0 } ?? "recording.\(container.rawValue)"
        guard let clip = try await intake.take(bytes, filename: filename, container: container, user: user.id).clip else {
            return Answer(audioID: nil, transcription: Self.nothingHeard, success: false)
        }
        return Answer(audioID: clip.id.hex, transcription: clip.transcription, success: true)
    }
}
