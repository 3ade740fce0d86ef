import DocumentStore
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif
import SQLite
import Synchronization

/// The one writer: a thread of its own with its own connection, committing in groups. Jobs that
/// arrive while a commit is syncing wait and then share the next transaction, each inside a
/// savepoint, so one job's failure undoes only that job; every job is acknowledged only once
/// the group's COMMIT (an fsync of the WAL under `synchronous=FULL`) has returned.
final class Writer: Sendable {
    private struct Job: Sendable {
        let body: @Sendable (inout WriteContext) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue: Sendable {
        var jobs: [Job] = []
        var closed = false
        /// The writer is waiting (or about to wait) on `wake`: whoever gives it work next
        /// signals it, once. Signalling only then keeps the semaphore's count at most one, so a
        /// burst of jobs queued while it was committing cannot leave it waking up to nothing.
        var sleeping = false

        /// Takes the writer's sleep away; true when it was asleep and must be signalled.
        mutating func rouse() -> Bool {
            defer { sleeping = false }
            return sleeping
        }
    }

    /// The largest number of jobs one transaction takes.
    static let maximumGroup = 1024

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// The writer's thread, set once it runs.
    private let thread = Atomic<UInt>(0)
    private let cache: DocumentCache
    /// The catalog as of the last commit and the count of commits, shared with readers.
    let published: PublishedCatalog
    /// Called on the writer's thread after each commit, before its writes are acknowledged.
    private let afterCommit: @Sendable () -> Void
    private let metrics: WriterMetrics
    private let logger: Logger
    /// The writes being refused for the storage's sake, as `StorageFailureLog` counts them.
    private let currentOutage = Mutex<WriteOutage?>(nil)

    /// Starts the writer's thread on a connection it opens and sets up itself.
    /// - Throws: what opening or checking the file threw.
    init(path: String, databaseName: String, settings: ConnectionSettings, gathersLogWrites: Bool, cache: DocumentCache,
         published: PublishedCatalog, logger: Logger, afterCommit: @escaping @Sendable () -> Void) throws {
        self.cache = cache
        self.published = published
        self.afterCommit = afterCommit
        metrics = WriterMetrics(path: path)
        self.logger = logger
        let opened = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        let thread = Thread { [self] in
            self.thread.store(UInt(pthread_self()), ordering: .relaxed)
            serve(path: path, databaseName: databaseName, settings: settings, gathersLogWrites: gathersLogWrites) { error in
                failure.withLock { $0 = error }
                opened.signal()
            }
            // Every local of `serve`, the connection included, is gone: the file is closed.
            finished.signal()
        }
        thread.name = "speakai-store-writer"
        thread.start()
        opened.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// The thread's life: open and check the file, say so, commit groups until closed, then
    /// fold the WAL back into the file (a clean close leaves only the file).
    private func serve(path: String, databaseName: String, settings: ConnectionSettings, gathersLogWrites: Bool,
                       opened: (_ failure: (any Error)?) -> Void) {
        var context: WriteContext
        do {
            let connection = try SQLiteConnection(path: path, mode: .readWriteCreate, gatheringLogWrites: gathersLogWrites)
            try Schema.initialize(connection, path: path)
            try Schema.configure(connection, settings: settings, writer: true)
            let catalog = try Schema.loadCatalog(connection)
            published.publish(catalog)
            context = WriteContext(connection: connection, databaseName: databaseName, catalog: catalog)
            context.published = published
        } catch {
            opened(error)
            return
        }
        opened(nil)
        run(&context)
        do {
            try context.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {
            // Nothing is lost: the next open reads the WAL (and folds it in when there is room).
            logger.warning("The WAL could not be folded into the data file at close; it stays beside it and is read at the next start", metadata: [
                "file": "\(path)", "error": "\(error)",
            ])
        }
    }

    /// The processor time the writer's thread has used so far (while the store is open), for
    /// tests that check it sleeps when there is nothing to write.
    var processorTime: Duration? {
        var clock = clockid_t()
        var time = timespec()
        guard pthread_getcpuclockid(pthread_t(thread.load(ordering: .relaxed)), &clock) == 0,
              clock_gettime(clock, &time) == 0 else { return nil }
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// Whether writes are being refused for the storage's sake (until one commits again).
    var outage: WriteOutage? { currentOutage.withLock { $0 } }

    /// Runs `body` in the next group's transaction; returns once it is durable.
    func write<R: Sendable>(_ body: @escaping @Sendable (inout WriteContext) throws -> R) async throws -> R {
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let (accepted, asleep) = queue.withLock { queue -> (Bool, Bool) in
                guard !queue.closed else { return (false, false) }
                queue.jobs.append(Job(body: { context in try body(&context) }, continuation: continuation))
                return (true, queue.rouse())
            }
            if asleep { wake.signal() }
            if !accepted { continuation.resume(throwing: StoreError.storageFailure("the store is closed")) }
        }
        guard let typed = result as? R else { throw StoreError.storageFailure("a write returned an unexpected result") }
        return typed
    }

    /// Refuses new jobs, finishes the queued ones, checkpoints and stops the thread. The
    /// connection closes with the thread, after the readers' (so SQLite removes the WAL).
    func close(beforeFinalClose: () -> Void) {
        let (first, asleep) = queue.withLock { queue -> (Bool, Bool) in
            defer { queue.closed = true }
            return (!queue.closed, queue.rouse())
        }
        guard first else { return }
        beforeFinalClose()
        if asleep { wake.signal() }
        finished.wait()
    }

    private func run(_ context: inout WriteContext) {
        let clock = ContinuousClock()
        var failures = StorageFailureLog(logger: logger, path: context.connection.path)
        // The file sizes are read at most once a second after a commit, and a second after the
        // last commit when the writes stop, so the last figures are never left behind; an idle
        // writer reads them (and the free space) every ten seconds.
        metrics.measureFiles()
        var measured = clock.now
        var unmeasured = false
        while true {
            guard awaitWork(timeout: unmeasured ? WriterMetrics.sizeInterval : WriterMetrics.idleInterval) else {
                metrics.measureFiles()
                (measured, unmeasured) = (clock.now, false)
                continue
            }
            let (jobs, closed) = queue.withLock { queue -> ([Job], Bool) in
                let taken = Array(queue.jobs.prefix(Writer.maximumGroup))
                queue.jobs.removeFirst(taken.count)
                return (taken, queue.closed && queue.jobs.isEmpty)
            }
            if !jobs.isEmpty {
                commit(jobs, &context, failures: &failures, clock: clock)
                unmeasured = clock.now - measured < WriterMetrics.sizeInterval
                if !unmeasured {
                    metrics.measureFiles()
                    measured = clock.now
                }
            }
            if closed && jobs.isEmpty { return }
        }
    }

    /// Waits for a job: sleeps on the semaphore unless one is queued. (It used to look for the
    /// next job for 200 µs first, yielding the processor between looks, to save its own
    /// wake-up when a caller sends its next write at once. Measured on this two-processor VM,
    /// two stores in the same run: durable single inserts went 0.97–1.12× (median 1.09×) as
    /// fast with a writer that sleeps at once, 16 writers the same, and the looks cost
    /// processor time. Probably the answered caller's wake-up waited on the looking writer. A
    /// 50 µs spin on an atomic count instead, no yields, made no difference beyond the noise:
    /// the caller's own thread still sleeps through the fsync and must be woken.)
    /// It sleeps at most `timeout`; false when that ran out with no job.
    private func awaitWork(timeout: Duration) -> Bool {
        let sleep = queue.withLock { queue in
            guard queue.jobs.isEmpty && !queue.closed else { return false }
            queue.sleeping = true
            return true
        }
        guard sleep else { return true }
        if wake.wait(timeout: .now() + timeout / .seconds(1)) == .success { return true }
        // (A job queued just now has had the writer roused, so the semaphore wakes the next
        // sleep at once: one look at an empty queue, then a sleep.)
        queue.withLock { $0.sleeping = false }
        return false
    }

    private func commit(_ jobs: [Job], _ context: inout WriteContext, failures: inout StorageFailureLog, clock: ContinuousClock) {
        let connection = context.connection
        let catalogBefore = context.catalog
        let began = clock.now
        let changesBefore = connection.totalChanges
        // Told before the writes are answered, so whoever is answered sees them counted.
        func report(acknowledged: Int = 0, refused: Int = 0, failed: Int = 0, storageError: (any Error)? = nil, committed: Bool) {
            let now = clock.now
            metrics.record(acknowledged: acknowledged, refused: refused, failed: failed, committedIn: committed ? now - began : nil)
            if failed > 0, let storageError {
                failures.failed(failed, storageError, at: now)
                let outage = failures.outage
                currentOutage.withLock { $0 = outage }
            } else if committed, failures.outage != nil, connection.totalChanges != changesBefore {
                // (Only a commit that wrote something shows the storage takes writes again: a
                // group that changed nothing, say a job queue's poll, commits without writing.)
                failures.committed(at: now)
                currentOutage.withLock { $0 = nil }
            }
        }
        do {
            try connection.run("BEGIN IMMEDIATE")
        } catch {
            report(failed: jobs.count, storageError: error, committed: false)
            for job in jobs { job.continuation.resume(throwing: Writer.storeError(error)) }
            return
        }
        var outcomes: [Result<any Sendable, any Error>] = []
        var changes: [DocumentCache.Change] = []
        // A savepoint per job, so a failing job undoes only itself (a lone job needs none: its
        // failure rolls the whole transaction back).
        let alone = jobs.count == 1
        for job in jobs {
            let catalog = context.catalog
            context.touched = []
            do {
                if !alone { try connection.run("SAVEPOINT job") }
                let result = try job.body(&context)
                if !alone { try connection.run("RELEASE job") }
                outcomes.append(.success(result))
                changes.append(contentsOf: context.touched)
            } catch {
                if !alone {
                    _ = try? connection.run("ROLLBACK TO job")
                    _ = try? connection.run("RELEASE job")
                }
                context.catalog = catalog
                outcomes.append(.failure(Writer.storeError(error)))
            }
        }
        if alone, case .failure(let error) = outcomes[0] {
            _ = try? connection.run("ROLLBACK")
            context.catalog = catalogBefore
            if Writer.isStorageFailure(error) {
                report(failed: 1, storageError: error, committed: false)
            } else {
                report(refused: 1, committed: false)
            }
            jobs[0].continuation.resume(throwing: error)
            return
        }
        do {
            try connection.run("COMMIT")
        } catch {
            _ = try? connection.run("ROLLBACK")
            context.catalog = catalogBefore
            let failure = Writer.storeError(error, "the write could not be made durable: ")
            report(failed: jobs.count, storageError: failure, committed: false)
            for job in jobs { job.continuation.resume(throwing: failure) }
            return
        }
        let errors = outcomes.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        let storageErrors = errors.filter(Writer.isStorageFailure)
        if context.catalog.version != catalogBefore.version {
            let catalog = context.catalog
            published.publish(catalog)
        }
        // The commit is counted before the cache forgets: a read that takes the cache's epoch
        // after the forget then also sees the new count, so it cannot answer from (and cache)
        // a snapshot it held from before this commit. Counted after, a held snapshot could be
        // reused in between and its old version cached for good.
        published.committed()
        cache.forget(changes)
        afterCommit()
        report(
            acknowledged: jobs.count - errors.count, refused: errors.count - storageErrors.count, failed: storageErrors.count,
            storageError: storageErrors.first, committed: true)
        for (job, outcome) in zip(jobs, outcomes) { job.continuation.resume(with: outcome) }
    }
}
