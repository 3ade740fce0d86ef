import AI
import Synchronization
import Testing

/// What the requests of a test saw: their order, and how many ran at once at most.
private final class Record: Sendable {
    let order = Mutex<[Int]>([])
    let overlapping = Mutex(0)
    let most = Mutex(0)
    let letGo = Mutex(false)

    func enter(_ n: Int) {
        let now = overlapping.withLock { $0 += 1; return $0 }
        most.withLock { $0 = max($0, now) }
        order.withLock { $0.append(n) }
    }

    func leave() { overlapping.withLock { $0 -= 1 } }
}

/// The engine's queue, without an engine: turns in order of arrival, bounded waits, cancellation.
@Suite("Engine queue (unit)")
struct EngineQueueUnitTests {
    @Test("one at a time, in order of arrival; every request served")
    func inOrder() async throws {
        // Given a queue of one slot, held, and seven more requests arriving one after another
        let queue = EngineQueue()
        let record = Record()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<8 {
                group.addTask {
                    try await queue.run(waitingAtMost: .seconds(30)) {
                        record.enter(n)
                        if n == 0 { try await Self.until { record.letGo.withLock { $0 } } }
                        try await Task.sleep(for: .milliseconds(5))
                        record.leave()
                    }
                }
                try await Self.until { n == 0 ? queue.running == 1 : queue.waiting == n }
            }
            record.letGo.withLock { $0 = true }
            try await group.waitForAll()
        }
        // Then they ran one at a time, in the order they came, and the queue is empty again
        #expect(record.most.withLock { $0 } == 1)
        #expect(record.order.withLock { $0 } == Array(0..<8))
        #expect(queue.running == 0 && queue.waiting == 0)
    }

    @Test("a request whose turn does not come in time fails with a time-out and leaves the queue")
    func boundedWait() async throws {
        // Given a queue whose one slot is held until the test lets go
        let queue = EngineQueue()
        let letGo = Mutex(false)
        let holder = Task { try await queue.run(waitingAtMost: .seconds(1)) { try await Self.until { letGo.withLock { $0 } } } }
        try await Self.until { queue.running == 1 }
        // When one request waits at most 50 ms and another not at all
        await #expect(throws: AIProviderError.self) { try await queue.run(waitingAtMost: .milliseconds(50)) { 1 } }
        await #expect(throws: AIProviderError.self) { try await queue.run(waitingAtMost: .zero) { 1 } }
        // Then both gave up, nobody waits any more, and the holder finishes normally
        #expect(queue.waiting == 0)
        letGo.withLock { $0 = true }
        try await holder.value
        #expect(try await queue.run(waitingAtMost: .zero) { 7 } == 7)
    }

    @Test("a waiting request that is cancelled leaves the queue at once")
    func cancelled() async throws {
        let queue = EngineQueue()
        let letGo = Mutex(false)
        let holder = Task { try await queue.run(waitingAtMost: .seconds(1)) { try await Self.until { letGo.withLock { $0 } } } }
        try await Self.until { queue.running == 1 }
        // Given a request waiting for its turn
        let waiter = Task { try await queue.run(waitingAtMost: .seconds(30)) { 1 } }
        try await Self.until { queue.waiting == 1 }
        // When it is cancelled
        waiter.cancel()
        // Then it ends with a cancellation, long before its 30 s, and is no longer queued
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(queue.waiting == 0)
        letGo.withLock { $0 = true }
        try await holder.value
        #expect(queue.running == 0)
    }

    /// Waits (up to 20 s, for a loaded machine) until `condition` holds.
    static func until(_ condition: @Sendable () -> Bool) async throws {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(20))
        while !condition() {
            guard clock.now < end else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test("with several slots, that many run together")
    func slots() async throws {
        let queue = EngineQueue(slots: 3)
        let record = Record()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<9 {
                group.addTask {
                    try await queue.run(waitingAtMost: .seconds(30)) {
                        record.enter(n)
                        // Stay until the slots are all taken (or everybody has had a turn)
                        try await Self.until { record.overlapping.withLock { $0 } == 3 || record.order.withLock { $0.count } == 9 }
                        record.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(record.most.withLock { $0 } == 3)
    }
}
