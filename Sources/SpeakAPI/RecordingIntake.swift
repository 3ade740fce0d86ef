import AI
import Domain
import Foundation

/// Takes in a learner's recording: transcribes it and, only when something was heard, keeps the
/// file and records it in `audio` (shared by `POST /api/audio2text` and `WS /api/audio/stream`).
struct RecordingIntake: Sendable {
    let audio: AudioRepository
    let storage: UploadStorage
    let transcriber: any Transcriber

    /// - Returns: the stored clip (nil when nothing was heard) and what was heard.
    /// - Throws: `AIProviderError` from the transcriber; store errors (the file is removed again).
    func take(_ bytes: Data, filename: String, container: AudioContainer, user: UserID) async throws -> (clip: AudioClip?, heard: Transcription) {
        let heard = try await transcriber.transcribe(bytes, filename: filename, language: "en")
        guard !heard.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return (nil, heard) }
        let now = Date()
        let path = try storage.save(bytes, filename: filename, user: user, at: now)
        let clip = AudioClip(
            userID: user, filename: filename, filePath: path, durationSeconds: heard.durationSeconds ?? container.estimatedDuration(bytes),
            transcription: heard.text, createdAt: now)
        do {
            try await audio.insert(clip)
        } catch {
            storage.remove(path)
            throw error
        }
        return (clip, heard)
    }
}
