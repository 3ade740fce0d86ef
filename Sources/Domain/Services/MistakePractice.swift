import Foundation

/// Practising one mistake outside a drill session (CONTRACT B§5.6): counters, mastery, status,
/// the next date, and a sentence for the learner.
public enum MistakePractice {
    /// The mistake after one attempt, and the feedback sentence.
    public static func apply(_ mistake: Mistake, successful: Bool, answer: String, now: Date) -> (mistake: Mistake, feedback: String) {
        var m = mistake
        let countBefore = m.practiceCount
        m.practiceCount += 1
        if successful { m.successCount += 1 }
        m.masteryLevel = Double(m.successCount) / Double(m.practiceCount) * 100
        if m.masteryLevel >= 80 && m.practiceCount >= 3 {
            m.status = .mastered
            m.isLearned = true
        } else if m.masteryLevel >= 50 {
            m.status = .learning
            m.isLearned = true
        }
        if successful {
            m.nextPracticeDate = countBefore == 0 ? now.addingTimeInterval(2 * 3600) : now.addingTimeInterval(Double(min(1 << min(countBefore, 30), 30)) * 86_400)
        } else {
            m.nextPracticeDate = now.addingTimeInterval(4 * 3600)
        }
        m.lastPracticed = now
        m.lastAnswer = answer
        m.updatedAt = now
        let feedback = successful
            ? "Great job! You've correctly used '\(m.correction)' instead of '\(m.originalText)'."
            : "Keep practicing! Remember to use '\(m.correction)' instead of '\(m.originalText)'. \(m.explanation)"
        return (m, feedback)
    }

    /// What the learner is asked to do with the mistake.
    public static func prompt(for m: Mistake) -> String {
        switch m.kind {
        case .grammar: return "Correct the grammar in this sentence: \"\(m.context)\""
        case .vocabulary: return "Improve this sentence by using a better word or phrase for '\(m.originalText)': \"\(m.context)\""
        }
    }
}
