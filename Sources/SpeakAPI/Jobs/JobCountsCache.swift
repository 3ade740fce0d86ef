import Domain
import Foundation
import Synchronization

/// The job counts `/health` and `/metrics` show, counted at most once a second however often
/// they are asked for (both routes need no login). The counts themselves stay small: finished
/// jobs are purged after `JOB_RETENTION_DAYS`, and each state is counted through its index.
final class JobCountsCache: Sendable {
    private let jobs: JobQueue
    private let maximumAge: TimeInterval
    private let last = Mutex<(at: Date, counts: [String: Int])?>(nil)

    init(jobs: JobQueue, maximumAge: TimeInterval = 1) {
        self.jobs = jobs
        self.maximumAge = maximumAge
    }

    /// How many jobs are in each state, as of at most `maximumAge` ago.
    func counts(now: Date = Date()) async throws -> [String: Int] {
        if let cached = last.withLock({ $0 }), now.timeIntervalSince(cached.at) < maximumAge { return cached.counts }
        let counts = try await jobs.counts()
        last.withLock { $0 = (now, counts) }
        return counts
    }
}
