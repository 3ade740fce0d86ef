import BSON
import Foundation
import Synchronization

/// The store's tables written straight through SQLite (`StoreLayoutBaseline`), but each insert
/// handed to a thread of their own and awaited, the way the store's writer takes a lone write:
/// a queue under a mutex, a semaphore the thread sleeps on when the queue is empty, and a
/// continuation the thread resumes once the insert is durable. Beside the same tables written
/// on the caller's thread it measures what the hand-off alone costs a durable insert: the
/// floor of any design that keeps the fsync off the caller's thread.
final class HandedOffInserts: Sendable {
    private struct Job: Sendable {
        let document: Document
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Queue: Sendable {
        var jobs: [Job] = []
        var sleeping = false
        var closed = false
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Opens the tables on a new thread, which keeps them until `close()`.
    init(path: String) throws {
        let opened = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        let thread = Thread { [self] in
            do {
                let tables = try StoreLayoutBaseline(path: path, idIndex: .full)
                opened.signal()
                serve(tables)
            } catch {
                failure.withLock { $0 = error }
                opened.signal()
            }
            finished.signal()
        }
        thread.name = "bench-handed-off-inserts"
        thread.start()
        opened.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Inserts `document` on the thread; returns once it is durable (throws once closed).
    func insert(_ document: Document) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (accepted, asleep) = queue.withLock { queue -> (Bool, Bool) in
                guard !queue.closed else { return (false, false) }
                queue.jobs.append(Job(document: document, continuation: continuation))
                defer { queue.sleeping = false }
                return (true, queue.sleeping)
            }
            if asleep { wake.signal() }
            if !accepted { continuation.resume(throwing: CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "closed"])) }
        }
    }

    /// Stops the thread once the queued inserts are done; the tables close with it.
    func close() {
        let asleep = queue.withLock { queue -> Bool in
            queue.closed = true
            defer { queue.sleeping = false }
            return queue.sleeping
        }
        if asleep { wake.signal() }
        finished.wait()
    }

    private func serve(_ tables: StoreLayoutBaseline) {
        while true {
            let (jobs, closed) = queue.withLock { queue -> ([Job], Bool) in
                let jobs = queue.jobs
                queue.jobs = []
                if jobs.isEmpty && !queue.closed { queue.sleeping = true }
                return (jobs, queue.closed)
            }
            if jobs.isEmpty {
                if closed { return }
                wake.wait()
                continue
            }
            for job in jobs {
                do {
                    try tables.insert(job.document)
                    job.continuation.resume()
                } catch {
                    job.continuation.resume(throwing: error)
                }
            }
        }
    }
}
