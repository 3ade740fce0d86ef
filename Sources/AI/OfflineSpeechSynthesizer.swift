import Foundation
import NIOPosix
import OfflineSpeech

/// Speech with no network: espeak-ng's American English voice, female or male as the
/// conversation's Kokoro voice id says (`af_heart` → female, `am_echo` → male), encoded to MP3
/// with LAME. Runs on a thread pool of its own (one thread), never on an event loop and never on
/// the pool that hashes passwords, so logins do not wait behind speech; requests take their turn
/// and wait at most `maximumWait` for it (then a time-out: the server is busy speaking).
public struct OfflineSpeechSynthesizer: SpeechSynthesizer {
    /// Speaking rate in words per minute.
    public let wordsPerMinute: Int
    /// How long a request waits for the engine.
    public let maximumWait: Duration

    /// The speech engine's own thread, for the life of the process.
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    /// Turns at the engine (shared by every synthesizer of the process).
    public static let queue = EngineQueue(slots: 1, engine: "speech")

    public init(wordsPerMinute: Int = 150, maximumWait: Duration = .seconds(10)) {
        self.wordsPerMinute = wordsPerMinute
        self.maximumWait = maximumWait
    }

    /// Whether a Kokoro voice id names a female voice (its second letter is `f`).
    public static func isFemale(voice: String) -> Bool {
        let letters = Array(voice.lowercased())
        return letters.count >= 2 && letters[1] == "f"
    }

    public func speak(_ text: String, voice: String) async throws -> Data {
        let spoken = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !spoken.isEmpty else { throw AIProviderError.badResponse("there is no text to speak") }
        let female = Self.isFemale(voice: voice)
        let rate = wordsPerMinute
        do {
            return try await Self.queue.run(waitingAtMost: maximumWait) {
                try await Self.pool.runIfActive {
                    let pcm = try EspeakSpeech.synthesize(spoken, female: female, wordsPerMinute: rate)
                    guard !pcm.samples.isEmpty else { throw OfflineSpeechError.synthesisFailed("espeak-ng produced no sound") }
                    return try MP3Encoding.encode(pcm.withLeadingSilence(seconds: 0.2))
                }
            }
        } catch let error as OfflineSpeechError {
            throw AIProviderError.badResponse(error.description)
        }
    }
}
