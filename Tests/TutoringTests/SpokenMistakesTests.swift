import AI
import Domain
import Foundation
import Testing
import TestSupport
import Tutoring

/// Learners' spoken mistakes from recording to feedback, offline: 86 sentences
/// (Fixtures/spoken-learner-sentences.tsv, 52 with a mistake the checker knows, 34 correct)
/// spoken by five espeak-ng voices at 120–145 words a minute, transcribed by the Whisper
/// sidecar with and without the verbatim prompt (`TRANSCRIPTION_PROMPT=verbatim`), then given to
/// the rule-based feedback writer. The figures of both are printed.
@Suite(.serialized, .tags(.speechEngines)) struct SpokenMistakesTests {
    static let sidecar = WhisperSidecar(configuration: .project(root: ProjectFolder.root.path))
    static let voices: [(name: String, wordsPerMinute: Int)] = [("en-us", 130), ("en-gb", 125), ("en-us+f3", 140), ("en-gb-x-rp", 120), ("en-us+m3", 145)]

    struct Row { var sentence: String; var evidence: String? }

    static func rows() throws -> [Row] {
        let url = ProjectFolder.root.appendingPathComponent("Tests/TutoringTests/Fixtures/spoken-learner-sentences.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t").map(String.init)
            guard columns.count >= 2 else { return nil }
            return Row(sentence: columns[1], evidence: columns[0] == "error" ? columns[2] : nil)
        }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().replacingOccurrences(of: "’", with: "'").split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
    }

    /// What one pass over the set measured.
    struct Figures: CustomStringConvertible {
        var survived = 0, mistakes = 0, wordErrors = 0, referenceWords = 0, named = 0, flagged = 0, correct = 0
        var survival: Double { Double(survived) / Double(max(1, mistakes)) }
        var wordErrorRate: Double { Double(wordErrors) / Double(max(1, referenceWords)) }
        var recall: Double { Double(named) / Double(max(1, mistakes)) }
        var falseFlags: Double { Double(flagged) / Double(max(1, correct)) }
        var description: String {
            String(format: "mistakes kept %d/%d (%.0f%%), WER on correct sentences %.1f%%, mistakes named in feedback %d/%d (%.0f%%), correct sentences flagged %d/%d (%.0f%%)",
                   survived, mistakes, survival * 100, wordErrorRate * 100, named, mistakes, recall * 100, flagged, correct, falseFlags * 100)
        }
    }

    static func measure(prompt: String?, clips: [(Row, Data)]) async throws -> Figures {
        let transcriber = SidecarTranscriber(sidecar: sidecar, prompt: prompt)
        let writer = RuleBasedFeedbackWriter()
        let conversation = Conversation(userID: .generate(), userRole: "learner", aiRole: "teacher", situation: "Practice.", startedAt: Date(), voiceType: nil)
        var figures = Figures()
        for (row, audio) in clips {
            let heard = try await transcriber.transcribe(audio, filename: "spoken.wav", language: "en").text
            let (_, detailed) = try await writer.write(sentence: heard, conversation: conversation, previous: [])
            let findings = (detailed?.grammarIssues.map(\.issue) ?? []) + (detailed?.vocabularyIssues.map(\.original) ?? [])
            if let evidence = row.evidence {
                figures.mistakes += 1
                let expected = words(evidence)
                if " \(words(heard).joined(separator: " ")) ".contains(" \(expected.joined(separator: " ")) ") { figures.survived += 1 }
                // Named: a finding is about the words that show the mistake.
                if findings.contains(where: { !Set(words($0)).isDisjoint(with: expected) }) { figures.named += 1 }
            } else {
                figures.correct += 1
                let reference = words(row.sentence)
                figures.wordErrors += WordEdits.count(reference, words(heard))
                figures.referenceWords += reference.count
                if !findings.isEmpty { figures.flagged += 1 }
            }
        }
        return figures
    }

    @Test("spoken mistakes from recording to feedback: plain decoding keeps the checker's precision; the verbatim prompt keeps more mistakes, at a cost in accuracy")
    func spokenMistakesReachFeedback() async throws {
        // Given every sentence spoken by one of five voices
        let rows = try Self.rows()
        #expect(rows.count >= 80)
        var clips: [(Row, Data)] = []
        for (index, row) in rows.enumerated() {
            let voice = Self.voices[index % Self.voices.count]
            clips.append((row, try ExternalTool.speech(row.sentence, voice: voice.name, wordsPerMinute: voice.wordsPerMinute)))
        }
        // When they are transcribed plainly, then with the prompt, and the transcripts checked
        let plain = try await Self.measure(prompt: nil, clips: clips)
        let verbatim = try await Self.measure(prompt: LearnerSpeech.verbatimPrompt, clips: clips)
        print("Spoken learner sentences, plain decoding:   \(plain)")
        print("Spoken learner sentences, verbatim prompt:  \(verbatim)")
        // Then plain decoding (the default) flags few correct sentences and names some mistakes;
        // the prompt keeps and names more mistakes but also writes mistakes into correct speech
        // (measured 2026-12-01: WER 7.3% → 12.0%, flagged 6% → 15%), which is why it is off by default
        #expect(plain.falseFlags <= 0.10)
        #expect(plain.wordErrorRate <= 0.10)
        #expect(verbatim.survived > plain.survived)
        #expect(verbatim.named > plain.named)
        await Self.sidecar.stop()
    }
}
