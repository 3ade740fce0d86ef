import Foundation
import Hummingbird
import Synchronization

/// Fixed-window request limits per key (a client address): past the limit within a minute the
/// answer is 429 with `Retry-After`. In memory, per process, in a table of bounded size (keys
/// are cut to 256 bytes; at most `2 × capacity` are kept, the least recently seen dropped first).
final class RateLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }

    private let windows: Mutex<BoundedTable<Window>>
    let limitPerMinute: Int

    init(limitPerMinute: Int, capacity: Int = 50_000) {
        self.limitPerMinute = limitPerMinute
        windows = Mutex(BoundedTable(capacity: capacity))
    }

    /// Keys tracked now (bounded whatever keys are sent).
    var trackedKeys: Int { windows.withLock { $0.count } }

    /// Counts one request for each key; throws 429 when any of them is over the limit.
    func check(_ keys: [String], now: Date = Date()) throws {
        let retryAfter: Int? = windows.withLock { windows in
            var wait: Int?
            for fullKey in keys {
                let key = String(fullKey.utf8.prefix(256)) ?? String(fullKey.prefix(64))
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
