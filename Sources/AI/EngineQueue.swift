import Synchronization

/// Lets a few requests at a time reach an expensive engine (transcription, speech; one by
/// default: such an engine uses the processor fully, and more at once only fight over it); the
/// others wait their turn in order of arrival, each at most as long as it is willing to.
public final class EngineQueue: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var running = 0
        var waiting: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// How many run at once.
    public let slots: Int
    /// What the engine does, for messages ("transcription").
    public let engine: String

    public init(slots: Int = 1, engine: String = "transcription") {
        self.slots = max(1, slots)
        self.engine = engine
    }

    /// Requests running now.
    public var running: Int { state.withLock { $0.running } }

    /// Requests waiting for their turn.
    public var waiting: Int { state.withLock { $0.waiting.count } }

    /// Runs `body` once it is this call's turn, having waited at most `maximumWait` for it.
    /// - Throws: `AIProviderError.timedOut` when the turn did not come in time (with zero, when
    ///   it is not free at once); `CancellationError` when the task is cancelled while waiting;
    ///   what `body` throws.
    public func run<R: Sendable>(waitingAtMost maximumWait: Duration, _ body: () async throws -> R) async throws -> R {
        try await turn(maximumWait)
        defer { leave() }
        return try await body()
    }

    private func turn(_ maximumWait: Duration) async throws {
        let (free, id) = state.withLock { state -> (Bool, UInt64) in
            if state.running < slots && state.waiting.isEmpty {
                state.running += 1
                return (true, 0)
            }
            state.nextID += 1
            return (false, state.nextID)
        }
        if free { return }
        guard maximumWait > .zero else { throw busy(maximumWait) }
        let timer = Task { [weak self] in
            try await Task.sleep(for: maximumWait)
            guard let self else { return }
            self.expire(id, with: self.busy(maximumWait))
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let now = state.withLock { state -> Bool in
                    if state.running < slots && state.waiting.isEmpty {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            expire(id, with: CancellationError())
        }
    }

    /// Ends a wait that is still waiting (its turn has not come): it fails with `error`.
    private func expire(_ id: UInt64, with error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiting.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    /// Hands the slot to the first waiter, or frees it.
    private func leave() {
        let next = state.withLock { state -> Waiter? in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume()
    }

    private func busy(_ maximumWait: Duration) -> AIProviderError {
        .timedOut("the \(engine) engine was busy for longer than the \(maximumWait.components.seconds) s a request waits for it")
    }
}
