import BSON
import Domain
import Foundation
import Logging
import ServiceLifecycle

/// Runs durable jobs in the background, one at a time: claims the next due job, runs it, and
/// on failure retries with exponential back-off (1 s, 2 s, 4 s, …, at most 60 s) until the last
/// attempt. At start it hands out again the jobs a crash left running; on graceful shutdown it
/// finishes the job in hand and stops. Finished jobs are deleted once they are older than
/// `retentionDays` (at start, then hourly), so the collection does not grow with every job ever run.
struct JobWorker: Service {
    /// The worker over `queue`, running each job with the handler of its kind.
    init(queue: JobQueue, handlers: [any JobHandler], logger: Logger, retryBaseSeconds: Double = 1.0, retentionDays: Int = 7) {
        self.queue = queue
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
        self.retryBaseSeconds = retryBaseSeconds
        self.retentionDays = retentionDays
    }

    let queue: JobQueue
    /// The handlers, by the job kind each runs.
    let handlers: [String: any JobHandler]
    let logger: Logger
    var retryBaseSeconds = 1.0
    var pollInterval: Duration = .milliseconds(200)
    var maximumAttempts = 5
    /// How long finished jobs are kept (`JOB_RETENTION_DAYS`).
    var retentionDays = 7
    var purgeInterval: TimeInterval = 3600

    func run() async throws {
        let requeued = try await queue.requeueInterrupted()
        if requeued > 0 { logger.notice("Requeued interrupted jobs", metadata: ["jobs": "\(requeued)"]) }
        var nextPurge = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if Date() >= nextPurge {
                nextPurge = Date().addingTimeInterval(purgeInterval)
                await purge()
            }
            let job: Job?
            do {
                job = try await queue.claim()
            } catch {
                logger.error("Cannot claim jobs", metadata: ["error": "\(error)"])
                job = nil
            }
            guard let job else {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
                continue
            }
            await process(job)
        }
    }

    private func purge() async {
        do {
            let removed = try await queue.purge(finishedBefore: Date().addingTimeInterval(-Double(retentionDays) * 86_400))
            if removed > 0 { logger.info("Purged finished jobs", metadata: ["jobs": "\(removed)", "older.than.days": "\(retentionDays)"]) }
        } catch {
            logger.error("Cannot purge finished jobs", metadata: ["error": "\(error)"])
        }
    }

    private func process(_ job: Job) async {
        let handler = handlers[job.type]
        do {
            guard let handler else { throw DomainError.corruptDocument(collection: "jobs", id: .objectId(job.id.objectId)) }
            try await handler.run(job)
            try await queue.complete(job.id)
        } catch {
            logger.warning("Job failed", metadata: ["job.id": "\(job.id)", "job.type": "\(job.type)", "attempt": "\(job.attempts)", "error": "\(error)"])
            do {
                if job.attempts >= maximumAttempts {
                    try await handler?.giveUp(job)
                    try await queue.fail(job.id, error: "\(error)")
                } else {
                    let delay = min(60.0, retryBaseSeconds * pow(2.0, Double(job.attempts - 1)))
                    try await queue.retry(job.id, at: Date().addingTimeInterval(delay), error: "\(error)")
                }
            } catch {
                logger.error("Cannot record a job's failure", metadata: ["job.id": "\(job.id)", "error": "\(error)"])
            }
        }
    }
}
