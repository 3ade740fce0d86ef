import Foundation
import Hummingbird
import Synchronization

/// Fixed-window request limits per key (a client address, an account): past the limit within a
/// minute the answer is 429 with `Retry-After`. In memory, per process.
final class RateLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    let limitPerMinute: Int

    init(limitPerMinute: Int) { self.limitPerMinute = limitPerMinute }

    /// Counts one request for each key; throws 429 when any of them is over the limit.
    func check(_ keys: [String], now: Date = Date()) throws {
        let retryAfter: Int? = windows.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < 60 } }
            var wait: Int?
            for key in keys {
                var window = windows[key] ?? Window(start: now, count: 0)
                if now.timeIntervalSince(window.start) >= 60 { window = Window(start: now, count: 0) }
                window.count += 1
                windows[key] = window
                if window.count > limitPerMinute {
                    wait = max(wait ?? 0, Int((60 - now.timeIntervalSince(window.start)).rounded(.up)))
                }
            }
            return wait
        }
        if let retryAfter {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(max(1, retryAfter))], message: "Too many attempts; try again in \(max(1, retryAfter)) seconds")
        }
    }
}
