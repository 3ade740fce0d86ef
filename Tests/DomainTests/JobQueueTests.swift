import BSON
import DocumentStore
import Domain
import Foundation
import TestSupport
import Testing

/// The durable job queue over the real store: finished jobs are purged after the retention.
@Suite struct JobQueueTests {
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
}
