import Foundation
import Synchronization
import Transfer

/// A one-line progress bar on standard error: redrawn in place on a terminal, one line per
/// finished collection otherwise (logs stay readable).
final class ProgressBar: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lastDrawn = Mutex<(String, Int)>(("", -1))

    func show(_ progress: StoreMigration.Progress) {
        let percent = progress.total == 0 ? 100 : progress.copied * 100 / progress.total
        let redraw = lastDrawn.withLock { last in
            defer { last = (progress.collection, percent) }
            return last != (progress.collection, percent)
        }
        guard redraw else { return }
        let done = progress.copied >= progress.total
        if isTerminal {
            let filled = percent * 30 / 100
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
            FileHandle.standardError.write(Data("\r\(progress.collection.padding(toLength: 16, withPad: " ", startingAt: 0)) [\(bar)] \(progress.copied)/\(progress.total) \(percent)%\(done ? "\n" : "")".utf8))
        } else if done {
            FileHandle.standardError.write(Data("\(progress.collection): \(progress.copied)/\(progress.total) copied\n".utf8))
        }
    }
}
