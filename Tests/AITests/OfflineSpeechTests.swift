import AI
import Foundation
import OfflineSpeech
import TestSupport
import Testing

/// espeak-ng + LAME: real MP3 frames of the right length, voices by gender, clear errors.
@Suite(.tags(.speechEngines)) struct OfflineSpeechTests {
    static let sentence = "Hello, and welcome to the cafe. What would you like to drink today?"
    /// A synthesizer that waits its turn as long as a loaded parallel run may need: the engine's
    /// queue is the process's, so other suites' speech queues too, and the server's 10 s bound
    /// is not what these tests are about (one failed a clean-clone run waiting behind them).
    static var patient: OfflineSpeechSynthesizer { OfflineSpeechSynthesizer(maximumWait: .seconds(300)) }

    @Test func theMP3IsValidFramesAsLongAsTheSpeech() async throws {
        // Given the samples espeak-ng makes for a sentence
        let pcm = try EspeakSpeech.synthesize(Self.sentence, female: true)
        #expect(pcm.sampleRate == 22050)
        #expect(pcm.durationSeconds > 2 && pcm.durationSeconds < 8)
        // When the synthesizer speaks it as MP3
        let mp3 = try await Self.patient.speak(Self.sentence, voice: "af_heart")
        // Then the stream is a chain of valid MPEG Layer III frames covering the speech and its
        // 0.2 s lead-in, plus no more than LAME's encoder delay and final padding (< 0.25 s)
        let frames = try MP3Frames(mp3)
        #expect(frames.sampleRate == 22050 && frames.samplesPerFrame == 576)
        let expected = pcm.durationSeconds + 0.2
        #expect(frames.seconds >= expected && frames.seconds < expected + 0.25, "frames last \(frames.seconds) s, speech \(expected) s")
        // And FFmpeg decodes it to as many samples as the frames hold
        let decoded = try Self.decodedSampleCount(mp3)
        #expect(Double(decoded) / 22050 >= expected && Double(decoded) / 22050 < expected + 0.25)
    }

    @Test func theVoiceFollowsTheConversationsGender() async throws {
        // Given the same sentence in a female and a male Kokoro voice, when both are spoken
        let female = try await Self.patient.speak("Good morning", voice: "bf_v0isabella")
        let male = try await Self.patient.speak("Good morning", voice: "am_echo")
        // Then they differ, and the id's second letter decides
        #expect(female != male)
        #expect(OfflineSpeechSynthesizer.isFemale(voice: "af_heart") && !OfflineSpeechSynthesizer.isFemale(voice: "bm_george"))
        #expect(!OfflineSpeechSynthesizer.isFemale(voice: ""))
    }

    @Test func emptyTextIsAClearError() async throws {
        await #expect(throws: AIProviderError.self) { try await OfflineSpeechSynthesizer().speak("  \n", voice: "af_heart") }
    }

    @Test func concurrentRequestsAreSerialisedSafely() async throws {
        // Given eight sentences spoken at once (espeak-ng keeps global state), each willing to
        // wait its turn for as long as the whole suite's speech may take (the engine's queue is
        // the process's: under a loaded parallel run, other suites' speech is queued too, and
        // the server's 10 s bound is not what this test is about)
        let texts = (1...8).map { "This is sentence number \($0)." }
        let patient = OfflineSpeechSynthesizer(maximumWait: .seconds(300))
        let results = try await withThrowingTaskGroup(of: (String, Data).self) { group in
            for text in texts { group.addTask { (text, try await patient.speak(text, voice: "am_echo")) } }
            return try await group.reduce(into: [String: Data]()) { $0[$1.0] = $1.1 }
        }
        // Then each is a whole, valid stream, as long as the same sentence spoken alone
        #expect(results.count == 8)
        for (text, mp3) in results { #expect(try MP3Frames(mp3).count > 10, "\(text)") }
        let alone = try MP3Frames(try await patient.speak(texts[3], voice: "am_echo")).seconds
        let together = try MP3Frames(try #require(results[texts[3]])).seconds
        #expect(abs(alone - together) < 0.3)
    }

    /// Decodes with the ffmpeg command (installed by scripts/setup) to 16-bit mono samples.
    static func decodedSampleCount(_ mp3: Data) throws -> Int {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("speakai-\(UUID().uuidString).mp3")
        try mp3.write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        return try ExternalTool.output("/usr/bin/ffmpeg", ["-v", "error", "-i", input.path, "-f", "s16le", "-ac", "1", "-"]).count / 2
    }
}
