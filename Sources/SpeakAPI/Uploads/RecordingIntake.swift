import AI
import Domain
import Foundation
import NIOCore

/// Takes in a learner's recording: transcribes it and, only when something was heard, keeps the
/// file and records it in `audio` (shared by `POST /api/audio2text` and `WS /api/audio/stream`).
/// A recording arrives as a file being written in `.incoming` (or as bytes, written there
/// first); whatever happens, it is either kept or deleted.
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

    /// Takes a recording given as bytes (the live stream's).
    func take(_ bytes: Data, filename: String, container: AudioContainer, user: UserID) async throws -> Outcome {
        var file = try await storage.begin()
        do {
            try await file.append(ByteBuffer(bytes: bytes))
        } catch {
            await storage.discard(file)
            throw error
        }
        return try await take(file, filename: filename, container: container, user: user)
    }

    /// Takes a recording written to `file` (which this call keeps or deletes).
    /// - Throws: `RecordingTooLong` when the recording is known to be longer than
    ///   `maximumSeconds` (before any transcription); `AIProviderError` from the transcriber.
    func take(_ file: IncomingFile, filename: String, container: AudioContainer, user: UserID) async throws -> Outcome {
        let heard: Transcription
        do {
            let estimate = container.estimatedDuration(head: file.head, totalBytes: Int(file.size))
            if let seconds = estimate, seconds > maximumSeconds { throw RecordingTooLong(seconds: seconds, limit: maximumSeconds) }
            heard = try await transcriber.transcribe(file: storage.url(of: file), filename: filename, language: "en")
        } catch {
            await storage.discard(file)
            throw error
        }
        guard !heard.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            await storage.discard(file)
            return .nothingHeard(heard)
        }
        let now = Date()
        let path: String
        do {
            path = try await storage.keep(file, filename: filename, user: user, at: now)
        } catch {
            await storage.discard(file)
            return .notStored(heard, error)
        }
        let clip = AudioClip(
            userID: user, filename: filename, filePath: path,
            durationSeconds: heard.durationSeconds ?? container.estimatedDuration(head: file.head, totalBytes: Int(file.size)),
            transcription: heard.text, createdAt: now)
        do {
            try await audio.insert(clip)
        } catch {
            await storage.remove(path)
            return .notStored(heard, error)
        }
        return .stored(clip, heard)
    }
}
