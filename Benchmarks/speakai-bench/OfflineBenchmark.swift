import AI
import BSON
import Domain
import Foundation
import OfflineSpeech
import TestSupport
import Tutoring

/// The offline providers: speech synthesis and transcription real-time factors (processing time
/// ÷ audio time, lower is faster) and the learner-error checker's throughput, each against a
/// baseline in the same run: the espeak-ng and lame command-line tools, faster-whisper called
/// directly in Python without our sidecar protocol, and AI feedback over an instant local
/// OpenAI-compatible server.
enum OfflineBenchmark {
    static let sentences = [
        "I would like to book a table for two people tonight.", "Could you tell me where the train station is?",
        "We are going to the beach this weekend with our friends.", "How much does this jacket cost in the small size?",
        "I have been learning English for three years and I really enjoy it.", "Please send me the report before Friday afternoon.",
    ]

    static func elapsed(_ start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func run(root: String, seconds: Double) async throws {
        print("offline providers (speakai-bench offline)")
        try await synthesis(root: root)
        try await checker(root: root, seconds: seconds)
        try await transcription(root: root)
    }

    static func synthesis(root: String) async throws {
        _ = try EspeakSpeech.synthesize("warm up", female: true)
        var ours = 0.0, audio = 0.0
        for (n, text) in sentences.enumerated() {
            let start = ContinuousClock.now
            let pcm = try EspeakSpeech.synthesize(text, female: n.isMultiple(of: 2))
            _ = try MP3Encoding.encode(pcm.withLeadingSilence(seconds: 0.2))
            ours += elapsed(start)
            audio += pcm.durationSeconds
        }
        var tools = 0.0
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("speakai-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (n, text) in sentences.enumerated() {
            let wav = folder.appendingPathComponent("\(n).wav").path
            let start = ContinuousClock.now
            try ExternalTool.run("/usr/bin/espeak-ng", ["-v", n.isMultiple(of: 2) ? "en-us+f3" : "en-us+m3", "-s", "150", "-w", wav, text])
            try ExternalTool.run("/usr/bin/lame", ["--quiet", "-b", "64", "-m", "m", wav, wav + ".mp3"])
            tools += elapsed(start)
        }
        print(String(format: "  speech synthesis (espeak-ng + LAME in process)   RTF %.4f  (%.1f s of speech in %.3f s)", ours / audio, audio, ours))
        print(String(format: "  baseline: espeak-ng + lame command-line tools   RTF %.4f  → ours is %.1fx faster", tools / audio, tools / ours))
    }

    static func checker(root: String, seconds: Double) async throws {
        let corpus = try String(contentsOfFile: root + "/Tests/AITests/Fixtures/learner-sentences.tsv", encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: "\t").last.map(String.init) }
        let checker = LearnerErrorChecker()
        var i = 0
        let rate = opsPerSecond(seconds: seconds) {
            i += 1
            return checker.check(corpus[i % corpus.count]).count
        }
        let conversation = Conversation(userID: .generate(), userRole: "guest", aiRole: "waiter", situation: "a restaurant", startedAt: Date(), voiceType: nil)
        let offlineWriter = RuleBasedFeedbackWriter()
        let offlineRate = try await asyncOpsPerSecond(seconds: seconds) {
            i += 1
            return try await offlineWriter.write(sentence: corpus[i % corpus.count], conversation: conversation, previous: []).text.count
        }
        let reply = #"{"user_feedback":"Good.","detailed_feedback":{"grammar_issues":[{"issue":"he go","correction":"he goes","explanation":"-s","severity":4}],"vocabulary_issues":[]}}"#
        let fake = FakeOpenAIServer(fallback: .content(reply))
        let aiRate = try await fake.run { base in
            let writer = ChatModelFeedbackWriter(model: OpenAICompatibleChatModel(endpoint: OpenAIEndpoint(baseURL: base, apiKey: "k"), model: "fake"))
            var j = 0
            return try await asyncOpsPerSecond(seconds: seconds) {
                j += 1
                return try await writer.write(sentence: corpus[j % corpus.count], conversation: conversation, previous: []).text.count
            }
        }
        report("learner-error checker (sentences)", rate)
        report("offline feedback (checker + text + document)", offlineRate, baseline: ("AI feedback via instant local OpenAI-compatible server", aiRate))
    }

    static func transcription(root: String) async throws {
        let sidecar = WhisperSidecar(configuration: .project(root: root))
        let startup = ContinuousClock.now
        _ = try await sidecar.endpoint()
        let startSeconds = elapsed(startup)
        let transcriber = SidecarTranscriber(sidecar: sidecar)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("speakai-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var clips: [(Data, Double, String)] = []
        for (n, text) in sentences.enumerated() {
            let pcm = try EspeakSpeech.synthesize(text, female: n.isMultiple(of: 2), wordsPerMinute: 140)
            let mp3 = try MP3Encoding.encode(pcm.withLeadingSilence(seconds: 0.2))
            let path = folder.appendingPathComponent("\(n).mp3").path
            try mp3.write(to: URL(fileURLWithPath: path))
            clips.append((mp3, pcm.durationSeconds + 0.2, path))
        }
        _ = try await transcriber.transcribe(clips[0].0, filename: "warm.mp3", language: "en")
        var ours = 0.0
        for (data, _, _) in clips {
            let start = ContinuousClock.now
            _ = try await transcriber.transcribe(data, filename: "clip.mp3", language: "en")
            ours += elapsed(start)
        }
        await sidecar.stop()
        let audio = clips.map(\.1).reduce(0, +)
        let direct = try directWhisperSeconds(root: root, files: clips.map(\.2))
        print(String(format: "  transcription via the sidecar (HTTP, Whisper base int8)   RTF %.3f  (%.1f s of speech in %.2f s; engine start %.2f s)", ours / audio, audio, ours, startSeconds))
        print(String(format: "  baseline: faster-whisper called directly in Python        RTF %.3f  → sidecar overhead %.2fx", direct / audio, ours / direct))
    }

    /// Seconds faster-whisper takes in-process (same model, same settings) for the files.
    static func directWhisperSeconds(root: String, files: [String]) throws -> Double {
        let script = """
            import sys, time
            from faster_whisper import WhisperModel, decode_audio
            model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2)
            def run(path):
                segments, _ = model.transcribe(decode_audio(path, sampling_rate=16000), language="en", beam_size=5, word_timestamps=True, vad_filter=False, condition_on_previous_text=False)
                return "".join(s.text for s in segments)
            run(sys.argv[2])
            start = time.monotonic()
            for path in sys.argv[2:]: run(path)
            print(time.monotonic() - start)
            """
        let text = String(decoding: try ExternalTool.output(root + "/.venv/bin/python", ["-c", script, root + "/.venv/whisper-base"] + files), as: UTF8.self)
        guard let seconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw CocoaError(.fileReadCorruptFile) }
        return seconds
    }
}
