import Foundation
import Synchronization
import Transfer

/// A one-line progress bar on standard error: redrawn in place on a terminal, one line per
/// finished collection otherwise (logs stay readable).
final class ProgressBar: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lastDrawn = Mutex<(String, Int)>(("", -1))

    func show(_ progress: StoreMigration.Progress) {
        draw(progress.collection, done: progress.copied, of: progress.total, verb: "copied")
    }

    /// Draws `done` of `total` for the piece of work named `label`.
    func draw(_ label: String, done: Int, of total: Int, verb: String = "done") {
        let percent = total <= 0 ? 100 : min(100, max(0, done * 100 / total))
        let redraw = lastDrawn.withLock { last in
            defer { last = (label, percent) }
            return last != (label, percent)
        }
        guard redraw else { return }
        let finished = done >= total
        if isTerminal {
            let filled = percent * 30 / 100
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
            FileHandle.standardError.write(Data("\r\(label.padding(toLength: 16, withPad: " ", startingAt: 0)) [\(bar)] \(done)/\(total) \(percent)%\(finished ? "\n" : "")".utf8))
        } else if finished {
            FileHandle.standardError.write(Data("\(label): \(done)/\(total) \(verb)\n".utf8))
        }
    }
}
