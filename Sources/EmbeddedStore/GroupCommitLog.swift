import DocumentStore
import Foundation
import Synchronization

/// Appends framed records to the data file and makes them durable on its own thread. Writers
/// enqueue bytes (in the order their changes were applied) and wait for their ticket; every
/// `fdatasync` covers all bytes enqueued before it, so concurrent writers share one sync.
/// After a failed write or sync the log refuses everything: acknowledged data is never lost
/// silently.
final class GroupCommitLog: @unchecked Sendable {
    private let condition = NSCondition()
    private var file: DataFile
    private var pending: [UInt8] = []
    private var lastTicket: UInt64 = 0
    private var durableTicket: UInt64 = 0
    private var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var failure: StoreError?
    private var closing = false
    private var flushing = false
    private var thread: Thread?
    /// Set once the log has failed or is closing, so the hot path checks it without a lock.
    private let unusable = Atomic<Bool>(false)

    /// Number of syncs done, and bytes written (for benchmarks and tests).
    private(set) var syncCount = 0
    private(set) var bytesWritten = 0

    init(file: DataFile) {
        self.file = file
        let thread = Thread { self.run() }
        thread.name = "speakai-store-log"
        self.thread = thread
        thread.start()
    }

    /// Throws when the log has failed or is closed.
    func checkUsable() throws {
        guard unusable.load(ordering: .acquiring) else { return }
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        if closing { throw StoreError.storageFailure("the store is closed") }
    }

    /// Queues framed bytes; returns the ticket to wait for. Call in apply order.
    func enqueue(_ frame: [UInt8]) -> UInt64 {
        condition.lock()
        pending.append(contentsOf: frame)
        lastTicket += 1
        let ticket = lastTicket
        condition.signal()
        condition.unlock()
        return ticket
    }

    /// Returns once the bytes of `ticket` are on disk; throws if they cannot be.
    func waitUntilDurable(_ ticket: UInt64) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            if let failure {
                condition.unlock()
                continuation.resume(throwing: failure)
            } else if durableTicket >= ticket {
                condition.unlock()
                continuation.resume()
            } else {
                waiters.append((ticket, continuation))
                condition.unlock()
            }
        }
    }

    /// Tickets in the last batch, and how long its sync took: when several writers shared the
    /// last sync, the next one waits briefly (at most half a sync) for as many to queue again,
    /// so that writers woken together also commit together.
    private var lastBatchTickets: UInt64 = 1
    private var lastSyncSeconds = 0.0

    private func run() {
        condition.lock()
        while true {
            while pending.isEmpty && !closing { condition.wait() }
            if pending.isEmpty && closing { break }
            if lastBatchTickets > 1 && !closing {
                let deadline = Date(timeIntervalSinceNow: min(lastSyncSeconds / 2, 0.002))
                while lastTicket - durableTicket < lastBatchTickets && !closing && condition.wait(until: deadline) {}
            }
            lastBatchTickets = lastTicket - durableTicket
            let syncStart = DispatchTime.now()
            let batch = pending
            let upTo = lastTicket
            pending = []
            pending.reserveCapacity(batch.count)
            flushing = true
            condition.unlock()
            var error: StoreError?
            do {
                try file.append(batch)
                try file.sync()
            } catch let ioError {
                error = StoreError.storageFailure("cannot make writes durable: \(ioError); the store refuses further operations")
            }
            condition.lock()
            lastSyncSeconds = Double(DispatchTime.now().uptimeNanoseconds - syncStart.uptimeNanoseconds) / 1e9
            flushing = false
            syncCount += 1
            bytesWritten += batch.count
            var ready: [CheckedContinuation<Void, any Error>] = []
            if let error {
                failure = error
                unusable.store(true, ordering: .releasing)
                ready = waiters.map(\.continuation)
                waiters = []
            } else {
                durableTicket = upTo
                waiters.removeAll { waiter in
                    guard waiter.ticket <= upTo else { return false }
                    ready.append(waiter.continuation)
                    return true
                }
            }
            condition.broadcast()
            condition.unlock()
            for continuation in ready {
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }
            condition.lock()
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until everything queued is durable (or failed). For compaction and closing.
    func drain() throws {
        condition.lock()
        defer { condition.unlock() }
        while (!pending.isEmpty || flushing) && failure == nil { condition.wait() }
        if let failure { throw failure }
    }

    /// Swaps the file being appended to (after compaction); the log must be drained.
    func replaceFile(_ newFile: DataFile) {
        condition.lock()
        file = newFile
        condition.unlock()
    }

    /// Drains, stops the thread, and closes the file.
    func close() throws {
        defer {
            condition.lock()
            closing = true
            unusable.store(true, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
        }
        try drain()
    }

    /// The file in use.
    var currentFile: DataFile {
        condition.lock()
        defer { condition.unlock() }
        return file
    }
}
