import Foundation
import NIOPosix

/// What a transcriber heard.
public struct Transcription: Sendable, Equatable {
    /// The words, as the engine wrote them (not trimmed).
    public var text: String
    /// The recording's length in seconds, when the engine reports it.
    public var durationSeconds: Double?
    /// Each word with its start and end in seconds, when the engine reports them.
    public var words: [TimedWord]

    public init(text: String, durationSeconds: Double?, words: [TimedWord] = []) {
        self.text = text
        self.durationSeconds = durationSeconds
        self.words = words
    }
}

/// A word heard and when: seconds from the start of the recording.
public struct TimedWord: Sendable, Equatable, Codable {
    public var word: String
    public var start: Double
    public var end: Double

    public init(word: String, start: Double, end: Double) {
        self.word = word
        self.start = start
        self.end = end
    }
}

/// Speech to text.
public protocol Transcriber: Sendable {
    /// - Parameters:
    ///   - audio: the recording's bytes in any container the engine reads.
    ///   - filename: its name (engines use the extension as a hint).
    ///   - language: an ISO-639-1 code such as `en`.
    /// - Throws: `AIProviderError`.
    func transcribe(_ audio: Data, filename: String, language: String) async throws -> Transcription

    /// The same, for work that may be skipped (a live stream's partial result): `nil` instead
    /// of waiting when the engine is busy. By default, `transcribe`.
    func transcribeIfFree(_ audio: Data, filename: String, language: String) async throws -> Transcription?

    /// The same for a recording on disk, read only when the engine takes it (so a queue of
    /// uploads waits on disk, not in memory). By default, read at once, then `transcribe`.
    func transcribe(file: URL, filename: String, language: String) async throws -> Transcription
}

extension Transcriber {
    public func transcribe(file: URL, filename: String, language: String) async throws -> Transcription {
        try await transcribe(try await Self.contents(of: file), filename: filename, language: language)
    }

    /// A file's bytes, read on NIO's blocking-work pool (never on the caller's thread).
    /// - Throws: `AIProviderError.rejectedInput` when it cannot be read.
    public static func contents(of file: URL) async throws -> Data {
        do {
            return try await NIOThreadPool.singleton.runIfActive { try Data(contentsOf: file) }
        } catch {
            throw AIProviderError.rejectedInput("the recording could not be read back from disk: \(error)")
        }
    }

    public func transcribeIfFree(_ audio: Data, filename: String, language: String) async throws -> Transcription? {
        try await transcribe(audio, filename: filename, language: language)
    }
}

/// Stands in when no transcription provider is configured: every call says what to set.
public struct UnconfiguredTranscriber: Transcriber {
    public init() {}

    public func transcribe(_ audio: Data, filename: String, language: String) async throws -> Transcription {
        throw AIProviderError.notConfigured(
            "No transcription provider is configured: set AI_BASE_URL (and AI_API_KEY, AI_TRANSCRIBE_MODEL) for an OpenAI-compatible API")
    }
}
