import Foundation
import NIOPosix
import OfflineSpeech

/// Speech with no network: espeak-ng's American English voice, female or male as the
/// conversation's Kokoro voice id says (`af_heart` → female, `am_echo` → male), encoded to MP3
/// with LAME. Runs on NIO's blocking thread pool, never on an event loop.
public struct OfflineSpeechSynthesizer: SpeechSynthesizer {
    /// Speaking rate in words per minute.
    public let wordsPerMinute: Int

    public init(wordsPerMinute: Int = 150) { self.wordsPerMinute = wordsPerMinute }

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
            return try await NIOThreadPool.singleton.runIfActive {
                let pcm = try EspeakSpeech.synthesize(spoken, female: female, wordsPerMinute: rate)
                guard !pcm.samples.isEmpty else { throw OfflineSpeechError.synthesisFailed("espeak-ng produced no sound") }
                return try MP3Encoding.encode(pcm.withLeadingSilence(seconds: 0.2))
            }
        } catch let error as OfflineSpeechError {
            throw AIProviderError.badResponse(error.description)
        }
    }
}
