import AI
import Domain
import Foundation

/// Takes in a learner's recording: transcribes it and, only when something was heard, keeps the
/// file and records it in `audio` (shared by `POST /api/audio2text` and `WS /api/audio/stream`).
struct RecordingIntake: Sendable {
    let audio: AudioRepository
    let storage: UploadStorage
    let transcriber: any Transcriber
    /// The longest recording transcribed (`MAX_AUDIO_SECONDS`).
    var maximumSeconds: Double = 300

    /// What became of a recording that was transcribed.
    enum Outcome {
        /// Heard, kept and recorded.
        case stored(AudioClip, Transcription)
        /// Nothing was heard: nothing kept.
        case nothingHeard(Transcription)
        /// Heard, but keeping it failed (the original answers success with a warning then).
        case notStored(Transcription, any Error)
    }

    /// - Throws: `RecordingTooLong` when the recording is known to be longer than
    ///   `maximumSeconds` (before any transcription); `AIProviderError` from the transcriber.
    func take(_ bytes: Data, filename: String, container: AudioContainer, user: UserID) async throws -> Outcome {
        if let seconds = container.estimatedDuration(bytes), seconds > maximumSeconds {
            throw RecordingTooLong(seconds: seconds, limit: maximumSeconds)
        }
        let heard = try await transcriber.transcribe(bytes, filename: filename, language: "en")
        guard !heard.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .nothingHeard(heard) }
        let now = Date()
        let path: String
        do {
            path = try storage.save(bytes, filename: filename, user: user, at: now)
        } catch {
            return .notStored(heard, error)
        }
        let clip = AudioClip(
            userID: user, filename: filename, filePath: path, durationSeconds: heard.durationSeconds ?? container.estimatedDuration(bytes),
            transcription: heard.text, createdAt: now)
        do {
            try await audio.insert(clip)
        } catch {
            storage.remove(path)
            return .notStored(heard, error)
        }
        return .stored(clip, heard)
    }
}
