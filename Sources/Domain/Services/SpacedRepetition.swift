import Foundation

/// The SM-2 variant of drill sessions (CONTRACT B§5.7): intervals, ease, and the priority that
/// orders a session.
public enum SpacedRepetition {
    public static let initialEase = 2.5
    public static let easeFloor = 1.3
    public static let maximumInterval = 30

    /// The next interval in days and the new ease for a performance `p` in 0…1.
    public static func schedule(performance p: Double, previousInterval: Int, ease: Double) -> (days: Int, ease: Double) {
        let q = 5 * min(1, max(0, p))
        if q < 2 { return (1, max(easeFloor, ease - 0.2)) }
        if previousInterval <= 0 { return (1, ease) }
        if previousInterval == 1 { return (6, ease) }
        let newEase = max(easeFloor, ease + 0.1 - (5 - q) * 0.08)
        return (min(maximumInterval, Int((Double(previousInterval) * newEase).rounded(.up))), newEase)
    }

    /// Whole days between two dates (negative when `to` is earlier).
    static func days(from: Date, to: Date) -> Int {
        Int((to.timeIntervalSince(from) / 86_400).rounded(.down))
    }

    /// The mistake after a drill result: next date, ease, counters; p ≥ 0.8 is a success, three
    /// successes take it out of the drill queue as learned; a failure puts it back in.
    public static func record(_ mistake: Mistake, performance p: Double, answer: String?, now: Date) -> Mistake {
        var m = mistake
        let previous = max(0, days(from: m.lastOccurred, to: m.nextPracticeDate))
        let (interval, ease) = schedule(performance: p, previousInterval: previous, ease: m.easeFactor ?? initialEase)
        m.easeFactor = ease
        m.nextPracticeDate = now.addingTimeInterval(Double(interval) * 86_400)
        if p >= 0.8 {
            m.successfulPractices = (m.successfulPractices ?? 0) + 1
            if (m.successfulPractices ?? 0) >= 3 {
                m.isLearned = true
                m.inDrillQueue = false
            }
        } else {
            m.failedPractices = (m.failedPractices ?? 0) + 1
            m.isLearned = false
            m.inDrillQueue = true
        }
        if let answer { m.lastAnswer = answer }
        m.lastReviewDate = now
        m.updatedAt = now
        return m
    }

    /// Higher first: 2·min(5, frequency) + 1.5·severity + 5·recency + 3·min(1, 0.2·failures) + 5·due.
    public static func priority(of m: Mistake, now: Date) -> Double {
        let sinceLast = max(0, now.timeIntervalSince(m.lastOccurred) / 86_400)
        let recency = 1 / (1 + 0.1 * sinceLast)
        let overdue = now.timeIntervalSince(m.nextPracticeDate) / 86_400
        let wholeDaysOverdue = overdue.rounded(.down)
        let due: Double
        if wholeDaysOverdue >= 1 {
            due = 1 + min(1, 0.1 * wholeDaysOverdue)
        } else if overdue < 0 {
            due = max(0.1, 1 + 0.1 * overdue.rounded(.down))
        } else {
            due = 1
        }
        return 2 * Double(min(5, m.frequency)) + 1.5 * Double(m.severity ?? 3) + 5 * recency
            + 3 * min(1, 0.2 * Double(m.failedPractices ?? 0)) + 5 * due
    }
}
