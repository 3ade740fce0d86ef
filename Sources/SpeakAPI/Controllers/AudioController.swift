import AI
import Domain
import Foundation
import Hummingbird
import Logging

/// `POST /api/audio2text`: an uploaded recording (part `audio_file`) is checked, transcribed,
/// and — only when something was heard — kept and recorded. As in the original, every outcome
/// of transcription is a 200 (`success` says which); only what is wrong with the upload itself
/// is not: 413 (too big, or longer than `MAX_AUDIO_SECONDS`), 415 (not audio), 422 (no part).
struct AudioController: Sendable {
    let intake: RecordingIntake
    let maximumUploadBytes: Int

    /// The answer; `audio_id` is null when nothing was stored; `warning` only when the words
    /// were heard but the recording could not be kept.
    struct Answer: ResponseEncodableDTO {
        var audioID: String?
        var transcription: String
        var success: Bool
        var warning: String?

        enum CodingKeys: String, CodingKey {
            case audioID = "audio_id", transcription, success, warning
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(audioID, forKey: .audioID)
            try container.encode(transcription, forKey: .transcription)
            try container.encode(success, forKey: .success)
            if let warning { try container.encode(warning, forKey: .warning) }
        }
    }

    static let nothingHeard = "It seems like you didn't say anything. Please try again."
    /// The original's answer when transcription itself failed.
    static let notTranscribed = "Your speech could not be transcribed. Please try again or check your microphone."
    /// The original's warning when the words were heard but the recording was not kept.
    static let notStored = "Transcription successful but audio storage failed"

    /// The route needs a user: it goes on `router`, the signed-in group.
    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.post("api/audio2text") { request, context in try await upload(request, context) }
    }

    private func upload(_ request: Request, _ context: AuthenticatedContext) async throws -> Answer {
        let user = context.user
        // The recording goes to disk as it arrives; from here on it is kept or deleted.
        let form = try await MultipartForm.spool(request, maximumBytes: maximumUploadBytes, filePart: "audio_file", storage: intake.storage)
        guard form.hasFilePart else {
            if let file = form.file { await intake.storage.discard(file) }
            throw RequestValidationError([.missing(["body", "audio_file"])])
        }
        guard let file = form.file, let container = AudioContainer.sniff(file.head) else {
            if let file = form.file { await intake.storage.discard(file) }
            throw HTTPError(.unsupportedMediaType, message: "Unsupported audio format: upload WAV, MP3, M4A/AAC, OGG, FLAC or WebM")
        }
        let filename = form.filename.flatMap { $0.isEmpty ? nil : $0 } ?? "recording.\(container.rawValue)"
        do {
            switch try await intake.take(file, filename: filename, container: container, user: user.id) {
            case .stored(let clip, _):
                return Answer(audioID: clip.id.hex, transcription: clip.transcription, success: true)
            case .nothingHeard:
                return Answer(audioID: nil, transcription: Self.nothingHeard, success: false)
            case .notStored(let heard, let error):
                context.logger.error("A transcribed recording could not be kept", metadata: ["error": "\(error)"])
                return Answer(audioID: nil, transcription: heard.text, success: true, warning: Self.notStored)
            }
        } catch let error as RecordingTooLong {
            throw HTTPError(.contentTooLarge, message: error.description)
        } catch let error as AIProviderError {
            context.logger.warning("Transcription failed", metadata: ["error": "\(error)"])
            return Answer(audioID: nil, transcription: Self.notTranscribed, success: false)
        }
    }
}
