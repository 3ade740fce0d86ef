import CoreMetrics
import DocumentStore
import Foundation
import SQLite
import Synchronization

/// Readers: threads of their own, started as reads need them up to a limit, each with its own
/// read-only connection. A read runs in one SQLite read transaction (a snapshot), so it never
/// waits for the writer, and the writer never waits for it; a long scan holds one thread only.
final class ReaderPool: Sendable {
    /// What a read sees: its connection, the catalog of its snapshot, and how many rows it may
    /// read (unbounded on a reader thread, small on the caller's thread).
    struct Context {
        let connection: SQLiteConnection
        let catalog: Catalog
        let budget: Int
    }

    private struct Job: Sendable {
        let body: @Sendable (Context) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct State: Sendable {
        var jobs: [Job] = []
        /// Threads waiting on `wake` that no read has claimed yet: each queued read claims and
        /// signals one, so the semaphore never counts wake-ups nobody will find work for.
        var sleepers = 0
        var threads = 0
        var closed = false
    }

    /// Who takes a queued read: nobody (closed), a waiting thread, a new one, or the first
    /// busy thread to finish.
    private enum Taker { case none, sleeper, newThread, busyThread }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private let path: String
    private let settings: ConnectionSettings
    private let maximumThreads: Int
    private let published: PublishedCatalog
    /// Reads that found every reader thread busy and waited for one (for `GET /metrics`: when
    /// it grows, long reads are using up the readers), and how many threads there are.
    private let queuedReads = Counter(label: "speakai_store_reads_queued_total")
    private let threadCount = Gauge(label: "speakai_store_reader_threads")

    init(path: String, settings: ConnectionSettings, maximumThreads: Int, published: PublishedCatalog) {
        self.path = path
        self.settings = settings
        self.maximumThreads = max(1, maximumThreads)
        self.published = published
    }

    /// Runs `body` in a read transaction on a reader's thread.
    func read<R: Sendable>(_ body: @escaping @Sendable (Context) throws -> R) async throws -> R {
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let taker = state.withLock { state -> Taker in
                guard !state.closed else { return .none }
                state.jobs.append(Job(body: { try body($0) }, continuation: continuation))
                if state.sleepers > 0 {
                    state.sleepers -= 1
                    return .sleeper
                }
                guard state.threads < maximumThreads else { return .busyThread }
                state.threads += 1
                return .newThread
            }
            switch taker {
            case .none: continuation.resume(throwing: StoreError.storageFailure("the store is closed"))
            case .sleeper: wake.signal()
            case .newThread: startThread()
            case .busyThread: queuedReads.increment()
            }
        }
        guard let typed = result as? R else { throw StoreError.storageFailure("a read returned an unexpected result") }
        return typed
    }

    /// Finishes queued reads, then stops every thread and closes its connection.
    func close() {
        let (threads, sleepers) = state.withLock { state in
            state.closed = true
            defer { state.sleepers = 0 }
            return (state.threads, state.sleepers)
        }
        for _ in 0..<sleepers { wake.signal() }
        for _ in 0..<threads { exited.wait() }
    }

    private func startThread() {
        threadCount.record(state.withLock { $0.threads })
        let thread = Thread { [self] in
            serve()
            exited.signal()
        }
        thread.name = "speakai-store-reader"
        thread.start()
    }

    private func serve() {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, mode: .readOnly)
            try Schema.configure(connection, settings: settings, writer: false)
        } catch {
            // Fail what is queued now; later reads start another thread.
            threadCount.record(state.withLock { state in
                state.threads -= 1
                return state.threads
            })
            while let job = next(waiting: false) { job.continuation.resume(throwing: Writer.storeError(error)) }
            return
        }
        while let job = next(waiting: true) {
            job.continuation.resume(with: Result { try run(job, on: connection) })
        }
    }

    /// The next job; `nil` once closed and drained (or, not waiting, when none is queued).
    private func next(waiting: Bool) -> Job? {
        while true {
            let (job, closed) = state.withLock { state -> (Job?, Bool) in
                if !state.jobs.isEmpty { return (state.jobs.removeFirst(), false) }
                if state.closed || !waiting { return (nil, true) }
                state.sleepers += 1
                return (nil, false)
            }
            if let job { return job }
            if closed { return nil }
            wake.wait()
        }
    }

    private func run(_ job: Job, on connection: SQLiteConnection) throws -> any Sendable {
        try Self.transaction(on: connection, published: published, budget: .max, job.body)
    }

    /// One read transaction (a snapshot) on `connection`; retried when a table it planned on
    /// was dropped or created after its snapshot began.
    static func transaction<R>(on connection: SQLiteConnection, published: PublishedCatalog, budget: Int, _ body: @Sendable (Context) throws -> R) throws -> R {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try connection.run("BEGIN")
                defer { _ = try? connection.run("COMMIT") }
                let version = try Schema.meta("catalog_version", connection) ?? 0
                let shared = published.current
                let catalog = shared.version == version ? shared : try Schema.loadCatalog(connection)
                return try body(Context(connection: connection, catalog: catalog, budget: budget))
            } catch let error as SQLiteError where error.isMissingTable && attempt < 5 {
                connection.forgetStatements()
                continue
            } catch let error as QueryExecutor.ReadBudgetExceeded {
                throw error
            } catch {
                throw Writer.storeError(error)
            }
        }
    }
}
