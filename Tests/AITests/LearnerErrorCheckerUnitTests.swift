import AI
import Foundation
import TestSupport
import Testing

/// The learner-error checker over a labelled set of learner sentences (Fixtures/learner-sentences.tsv):
/// half with errors, labelled by rule, half correct but close to the errors.
@Suite("Learner-error checker (unit)") struct LearnerErrorCheckerUnitTests {
    struct Labelled {
        var rules: Set<String>
        var sentence: String
    }

    static func corpus() throws -> [Labelled] {
        let url = ProjectFolder.root.appendingPathComponent("Tests/AITests/Fixtures/learner-sentences.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            return Labelled(rules: parts[0] == "ok" ? [] : Set(parts[0].split(separator: ",").map(String.init)), sentence: parts[1])
        }
    }

    @Test func theCheckerFindsTheLabelledErrorsAndNothingInCorrectSentences() throws {
        // Given the labelled sentences
        let corpus = try Self.corpus()
        #expect(corpus.count >= 40)
        #expect(corpus.filter { $0.rules.isEmpty }.count * 2 >= corpus.count - 2)
        // When each is checked
        let checker = LearnerErrorChecker()
        var truePositives = 0, falsePositives = 0, labelled = 0, found = 0
        for item in corpus {
            let findings = checker.check(item.sentence)
            let rules = Set(findings.map(\.rule.rawValue))
            labelled += item.rules.count
            found += item.rules.intersection(rules).count
            truePositives += findings.filter { item.rules.contains($0.rule.rawValue) }.count
            falsePositives += findings.filter { !item.rules.contains($0.rule.rawValue) }.count
            // Then a correct sentence raises nothing
            if item.rules.isEmpty {
                #expect(findings.isEmpty, "false alarm in \"\(item.sentence)\": \(findings.map(\.original))")
            } else {
                #expect(!rules.isDisjoint(with: item.rules), "missed \(item.rules) in \"\(item.sentence)\"")
            }
        }
        // And precision and recall hold their floor
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(found) / Double(max(1, labelled))
        print("learner-error checker: \(corpus.count) sentences, precision \(precision), recall \(recall) (\(found)/\(labelled) labelled errors, \(falsePositives) false alarms)")
        #expect(precision >= 0.95)
        #expect(recall >= 0.9)
    }

    @Test(arguments: [
        ("He go to work by bus every day.", "He goes to work by bus every day."),
        ("I would like a apple.", "I would like an apple."),
        ("Yesterday I go to the market.", "Yesterday I went to the market."),
        ("I am agree with you.", "I agree with you."),
        ("I'm agree with you.", "I agree with you."),
        ("I didn't went there.", "I didn't go there."),
        ("He gave me many advices.", "He gave me much advice."),
        ("This room is more better.", "This room is better."),
        ("I have lived here since three years.", "I have lived here for three years."),
        ("Can you make a photo of us?", "Can you take a photo of us?"),
    ])
    func theCorrectedSentenceReadsRight(wrong: String, right: String) {
        // Given a sentence with one error, when it is checked and corrected
        let checker = LearnerErrorChecker()
        let findings = checker.check(wrong)
        // Then the correction is the right sentence
        #expect(findings.count == 1)
        #expect(checker.corrected(wrong, findings: findings) == right)
    }

    @Test func findingsQuoteTheLearnersOwnWords() {
        // Given a sentence whose error spans two words, when it is checked
        let findings = LearnerErrorChecker().check("Well, she like it.")
        // Then the finding quotes them as said, with the right kind and a severity for mistakes
        #expect(findings.map(\.original) == ["she like"])
        #expect(findings.first?.correction == "she likes")
        #expect(findings.first?.kind == .grammar)
        #expect((findings.first?.severity ?? 0) > 2)
        #expect(LearnerErrorChecker().check("Can you make a photo?").first?.kind == .vocabulary)
        #expect(LearnerErrorChecker().check("").isEmpty)
        #expect(LearnerErrorChecker().check("!!! ??? ...").isEmpty)
    }
}

/// The checker's cost grows in step with the text.
@Suite struct LearnerErrorCheckerScaleTests {
    @Test func aMegabyteOfTextIsCheckedInLinearTime() {
        // Given answers of 64 KiB and of 1 MiB made of the same errorful sentences, with and without full stops
        let sentence = "Yesterday he go to the shop and buy a informations, then I make a photo of more better things "
        let small = String(repeating: sentence, count: 65_536 / sentence.utf8.count)
        let large = String(repeating: sentence, count: 1_048_576 / sentence.utf8.count)
        let checker = LearnerErrorChecker()
        func seconds(_ text: String) -> (Double, Int) {
            let clock = ContinuousClock()
            let start = clock.now
            let findings = checker.check(text)
            let corrected = checker.corrected(text, findings: findings)
            _ = checker.correctedSentences(text, findings: findings)
            let elapsed = start.duration(to: clock.now)
            #expect(corrected.utf8.count < text.utf8.count * 2)
            return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, findings.count)
        }
        // When both are checked
        let (smallTime, smallFindings) = seconds(small)
        let (largeTime, largeFindings) = seconds(large)
        // Then the findings grow with the text, and so does the time: 16x the text costs about 16x (not 256x)
        #expect(largeFindings >= smallFindings * 15)
        #expect(largeTime < smallTime * 40, "64 KiB took \(smallTime) s, 1 MiB took \(largeTime) s")
        print("checker: 64 KiB in \(smallTime) s, 1 MiB in \(largeTime) s, \(largeFindings) findings")
    }
}
