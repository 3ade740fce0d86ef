import Domain
import Foundation
import Testing

/// Scheduling math of CONTRACT B§5.6 and B§5.7 at its edges.
@Suite("Spaced repetition (unit)") struct SpacedRepetitionUnitTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static func mistake(frequency: Int = 1, severity: Int? = 3) -> Mistake {
        var m = Mistake(userID: .generate(), kind: .grammar, originalText: "he go", correction: "he goes", explanation: "-s", severity: severity, context: "[he go]", createdAt: now)
        m.frequency = frequency
        return m
    }

    @Test func sm2IntervalsFromFirstSuccessToTheCap() {
        // Given a fresh item (no previous interval) with the initial ease
        let ease = SpacedRepetition.initialEase
        // Then a first success is 1 day, the next 6 days, and later ones grow by the ease
        #expect(SpacedRepetition.schedule(performance: 1, previousInterval: 0, ease: ease) == (1, ease))
        #expect(SpacedRepetition.schedule(performance: 1, previousInterval: 1, ease: ease) == (6, ease))
        let third = SpacedRepetition.schedule(performance: 1, previousInterval: 6, ease: ease)
        #expect(third.days == 16 && abs(third.ease - 2.6) < 1e-9)  // ceil(6 × 2.6)
        // And no interval passes 30 days
        #expect(SpacedRepetition.schedule(performance: 1, previousInterval: 20, ease: 2.5).days == 30)
    }

    @Test func failuresResetToOneDayAndTheEaseNeverFallsBelowTheFloor() {
        // Given repeated failures (q = 5p < 2)
        var ease = SpacedRepetition.initialEase
        for _ in 0..<10 {
            let next = SpacedRepetition.schedule(performance: 0.3, previousInterval: 12, ease: ease)
            #expect(next.days == 1)
            ease = next.ease
        }
        // Then the ease stops at 1.3
        #expect(abs(ease - 1.3) < 1e-9)
        // And a weak pass (q = 2.5) lowers the ease, floored too
        let weak = SpacedRepetition.schedule(performance: 0.5, previousInterval: 6, ease: 1.35)
        #expect(abs(weak.ease - 1.3) < 1e-9 && weak.days == 8)
    }

    @Test func recordingResultsMovesItemsInAndOutOfTheDrillQueue() {
        // Given a mistake, when it succeeds three times
        var m = Self.mistake()
        for day in 0..<3 { m = SpacedRepetition.record(m, performance: 0.9, answer: "he goes", now: Self.now.addingTimeInterval(Double(day) * 86_400)) }
        // Then it is learned and leaves the queue
        #expect(m.successfulPractices == 3 && m.isLearned && !m.inDrillQueue)
        #expect(m.lastAnswer == "he goes" && m.lastReviewDate != nil && m.updatedAt != nil)
        // When it then fails, it is back in the queue, not learned, due in a day
        let failedAt = Self.now.addingTimeInterval(10 * 86_400)
        m = SpacedRepetition.record(m, performance: 0.2, answer: "he go", now: failedAt)
        #expect(m.failedPractices == 1 && !m.isLearned && m.inDrillQueue)
        #expect(m.nextPracticeDate == failedAt.addingTimeInterval(86_400))
    }

    @Test func practiceUpdatesFollowTheRules() {
        // Given a new mistake: a first success is due again in 2 hours
        var (m, feedback) = MistakePractice.apply(Self.mistake(), successful: true, answer: "he goes", now: Self.now)
        #expect(m.practiceCount == 1 && m.successCount == 1 && m.masteryLevel == 100)
        #expect(m.nextPracticeDate == Self.now.addingTimeInterval(7200) && m.status == .learning)
        #expect(feedback == "Great job! You've correctly used 'he goes' instead of 'he go'.")
        // A failure is due in 4 hours, with the explanation
        (m, feedback) = MistakePractice.apply(m, successful: false, answer: "he go", now: Self.now)
        #expect(m.nextPracticeDate == Self.now.addingTimeInterval(4 * 3600) && m.masteryLevel == 50)
        #expect(feedback.hasPrefix("Keep practicing! Remember to use 'he goes' instead of 'he go'."))
        // Mastered needs ≥ 80 % over at least 3 practices; success intervals are 2^count days, capped at 30
        for _ in 0..<6 { (m, _) = MistakePractice.apply(m, successful: true, answer: "he goes", now: Self.now) }
        #expect(m.practiceCount == 8 && m.status == .mastered && m.isLearned)
        #expect(m.nextPracticeDate == Self.now.addingTimeInterval(30 * 86_400))
        var second = MistakePractice.apply(Self.mistake(), successful: true, answer: "", now: Self.now).mistake
        second = MistakePractice.apply(second, successful: true, answer: "", now: Self.now).mistake
        #expect(second.nextPracticeDate == Self.now.addingTimeInterval(2 * 86_400))
    }

    @Test func priorityWeighsFrequencySeverityRecencyFailuresAndDueness() {
        // Given a mistake made just now and due right now
        var m = Self.mistake(frequency: 7, severity: 4)
        m.lastOccurred = Self.now
        m.nextPracticeDate = Self.now
        // Then 2·5 + 1.5·4 + 5·1 + 0 + 5·1
        #expect(abs(SpacedRepetition.priority(of: m, now: Self.now) - 26) < 1e-9)
        // Overdue by 20 days, made 10 days ago, failed 10 times: 10 + 6 + 2.5 + 3 + 10
        m.lastOccurred = Self.now.addingTimeInterval(-10 * 86_400)
        m.nextPracticeDate = Self.now.addingTimeInterval(-20 * 86_400)
        m.failedPractices = 10
        #expect(abs(SpacedRepetition.priority(of: m, now: Self.now) - 31.5) < 1e-9)
        // Due in 20 days: the due term bottoms out at 0.1
        m.nextPracticeDate = Self.now.addingTimeInterval(20 * 86_400)
        #expect(abs(SpacedRepetition.priority(of: m, now: Self.now) - (10 + 6 + 2.5 + 3 + 0.5)) < 1e-9)
    }

    @Test func drillSessionsTakeDueItemsFirstAndNeverMastered() {
        var due = Self.mistake(frequency: 1)
        due.nextPracticeDate = Self.now.addingTimeInterval(-60)
        var upcoming = Self.mistake(frequency: 5, severity: 5)
        upcoming.nextPracticeDate = Self.now.addingTimeInterval(3 * 86_400)
        var mastered = Self.mistake()
        mastered.status = .mastered
        var outOfQueue = Self.mistake()
        outOfQueue.inDrillQueue = false
        let session = DrillPlanner.session(from: [upcoming, mastered, outOfQueue, due], size: 5, now: Self.now)
        #expect(session.map(\.id) == [due.id, upcoming.id])
        #expect(DrillPlanner.session(from: [upcoming, due], size: 1, now: Self.now).map(\.id) == [due.id])
        #expect(DrillPlanner.sessionID(at: Date(timeIntervalSince1970: 0)) == "session_19700101000000")
    }
}
