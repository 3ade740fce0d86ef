import BSON
import DocumentStore
import Domain
import Foundation
import TestSupport
import Testing

/// The durable job queue over the real store: finished jobs are purged after the retention.
@Suite("Job queue: claim, retry, requeue after a crash (unit, on a real store file)") struct JobQueueUnitTests {
    @Test(arguments: StoreKind.allCases)
    func finishedJobsOlderThanTheRetentionArePurgedAndNothingElse(storeKind: StoreKind) async throws {
        try await withTemporaryDirectory { directory in try await withStore(storeKind, in: directory) { store in
            // Given jobs finished ten days ago, finished yesterday, failed ten days ago, and pending since ten days ago
            let queue = JobQueue(store: store)
            try await queue.prepare()
            let now = Date()
            let tenDaysAgo = now.addingTimeInterval(-10 * 86_400)
            let yesterday = now.addingTimeInterval(-86_400)
            let old = Job(type: "t", payload: [:]), recent = Job(type: "t", payload: [:]), failed = Job(type: "t", payload: [:]), waiting = Job(type: "t", payload: [:])
            for job in [old, recent, failed, waiting] { try await queue.enqueue(job, at: tenDaysAgo) }
            try await queue.complete(old.id, at: tenDaysAgo)
            try await queue.complete(recent.id, at: yesterday)
            try await queue.fail(failed.id, error: "gave up", at: tenDaysAgo)
            // When jobs finished more than seven days ago are purged
            let removed = try await queue.purge(finishedBefore: now.addingTimeInterval(-7 * 86_400))
            // Then only the two old finished ones are gone
            #expect(removed == 2)
            #expect(try await queue.counts() == ["pending": 1, "running": 0, "done": 1, "failed": 0])
            #expect(try await queue.purge(finishedBefore: now.addingTimeInterval(-7 * 86_400)) == 0)
        } }
    }

    @Test("claims take due jobs oldest first, each once; a retry waits until its time; a crash's running jobs are requeued", arguments: StoreKind.allCases)
    func claimRetryRequeue(storeKind: StoreKind) async throws {
        try await withTemporaryDirectory { directory in try await withStore(storeKind, in: directory) { store in
            let queue = JobQueue(store: store)
            try await queue.prepare()
            let start = Date(timeIntervalSince1970: 1_760_000_000)
            // Given two jobs queued a minute apart, and one queued for later
            let first = Job(type: "feedback", payload: ["n": 1]), second = Job(type: "feedback", payload: ["n": 2]), later = Job(type: "feedback", payload: ["n": 3])
            try await queue.enqueue(first, at: start)
            try await queue.enqueue(second, at: start.addingTimeInterval(60))
            try await queue.enqueue(later, at: start.addingTimeInterval(3600))
            // When workers claim at start + 2 minutes, then they get the due ones, oldest first, each once, attempts counted
            let now = start.addingTimeInterval(120)
            let a = try #require(try await queue.claim(at: now))
            let b = try #require(try await queue.claim(at: now))
            #expect(a.id == first.id && b.id == second.id && a.attempts == 1)
            #expect(try await queue.claim(at: now) == nil)
            // And a retried job waits until its time, then counts a second attempt
            try await queue.retry(a.id, at: now.addingTimeInterval(30), error: "provider busy", now: now)
            #expect(try await queue.claim(at: now.addingTimeInterval(10)) == nil)
            let again = try #require(try await queue.claim(at: now.addingTimeInterval(31)))
            #expect(again.id == first.id && again.attempts == 2)
            // And after a crash the jobs left running are pending again, and claimed again
            #expect(try await queue.requeueInterrupted(at: now.addingTimeInterval(40)) == 2)
            #expect(try await queue.counts() == ["pending": 3, "running": 0, "done": 0, "failed": 0])
            // (the second job's turn first: its run_at is older than the retried one's)
            let resumed = try #require(try await queue.claim(at: now.addingTimeInterval(41)))
            #expect(resumed.id == second.id && resumed.attempts == 2 && resumed.payload == ["n": 2])
            let resumedFirst = try #require(try await queue.claim(at: now.addingTimeInterval(41)))
            #expect(resumedFirst.id == first.id && resumedFirst.attempts == 3)
        } }
    }
}
