import DocumentStore
@testable import EmbeddedStore
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

/// The log of writes failing for the storage's sake: one error when they start, a reminder a
/// minute while they go on, a notice when they succeed again.
@Suite struct StorageFailureLogTests {
    /// Keeps what is logged: (level, message, refused).
    final class Captured: Sendable {
        let entries = Mutex<[(Logger.Level, String, String?)]>([])
    }

    struct Failure: Error {}

    @Test("one error when writes start failing, a reminder a minute, one notice with the count when they succeed")
    func episode() {
        // Given a log and a clock
        let captured = Captured()
        let handler = ClosureLogHandler { level, message, metadata in
            captured.entries.withLock { $0.append((level, message, metadata["refused"].map { "\($0)" })) }
        }
        var log = StorageFailureLog(logger: Logger(label: "test") { _ in handler }, path: "/data.db")
        let start = ContinuousClock.now
        // When commits succeed, writes fail three times within a minute and once after it,
        // then a commit succeeds, and later a single write fails and a commit succeeds
        log.committed(at: start)
        log.failed(1, Failure(), at: start + .seconds(1))
        log.failed(2, Failure(), at: start + .seconds(30))
        log.failed(1, Failure(), at: start + .seconds(50))
        log.failed(1, Failure(), at: start + .seconds(62))
        log.committed(at: start + .seconds(70))
        log.committed(at: start + .seconds(71))
        log.failed(1, Failure(), at: start + .seconds(80))
        log.committed(at: start + .seconds(81))
        // Then the log tells each change once, and a reminder after a minute, with counts
        let entries = captured.entries.withLock { $0 }
        #expect(entries.map(\.0) == [.error, .error, .notice, .error, .notice])
        #expect(entries[0].1.hasPrefix("Writes to the data file are failing"))
        #expect(entries[1].1 == "Writes to the data file are still failing" && entries[1].2 == "5")
        #expect(entries[2].1 == "Writes to the data file succeed again" && entries[2].2 == "5")
        #expect(entries[4].2 == "1")
    }

    @Test("the outage it reports: none while commits succeed, since the first refusal with the count, none after a commit")
    func outage() {
        // Given a log that has seen commits
        var log = StorageFailureLog(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, path: "/data.db")
        let start = ContinuousClock.now
        let began = Date(timeIntervalSince1970: 1_800_000_000)
        log.committed(at: start)
        #expect(log.outage == nil)
        // When writes fail twice, then once more, then a commit succeeds
        log.failed(2, Failure(), at: start + .seconds(1), date: began)
        log.failed(1, Failure(), at: start + .seconds(2), date: began.addingTimeInterval(1))
        let during = log.outage
        log.committed(at: start + .seconds(3))
        // Then the outage began at the first refusal and counts three; after the commit it is over
        #expect(during == WriteOutage(since: began, refused: 3))
        #expect(log.outage == nil)
    }
}
