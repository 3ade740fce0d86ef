import DocumentStore
import Foundation
import Logging

/// Tells the log when writes start failing for the storage's sake (a full disk, an I/O error)
/// and when they succeed again, so an operator reads what happened without a line per refused
/// write: one error when the first fails, a reminder each minute they keep failing, one notice
/// (with how many were refused, over how long) at the first commit after. The writer's thread
/// owns it.
struct StorageFailureLog {
    /// How often a failure that goes on is told again.
    static let reminderInterval = Duration.seconds(60)

    private struct Episode {
        let since: ContinuousClock.Instant
        let began: Date
        var refused: Int
        var told: ContinuousClock.Instant
    }

    private let logger: Logger
    private let path: String
    private var episode: Episode?

    init(logger: Logger, path: String) {
        self.logger = logger
        self.path = path
    }

    /// The writes refused since they started failing, while they still fail.
    var outage: WriteOutage? {
        episode.map { WriteOutage(since: $0.began, refused: $0.refused) }
    }

    /// A group's writes failed for the storage's sake, with `error`, at `now` (`date` on the
    /// wall clock).
    mutating func failed(_ writes: Int, _ error: any Error, at now: ContinuousClock.Instant, date: Date = Date()) {
        guard var current = episode else {
            episode = Episode(since: now, began: date, refused: writes, told: now)
            logger.error("Writes to the data file are failing; each is refused until this is fixed (nothing acknowledged is lost)", metadata: [
                "file": "\(path)", "error": "\(error)",
            ])
            return
        }
        current.refused += writes
        if now - current.told >= Self.reminderInterval {
            current.told = now
            logger.error("Writes to the data file are still failing", metadata: [
                "file": "\(path)", "error": "\(error)", "refused": "\(current.refused)", "seconds": "\(Self.seconds(now - current.since))",
            ])
        }
        episode = current
    }

    /// A group committed: if writes were failing, they no longer are.
    mutating func committed(at now: ContinuousClock.Instant) {
        guard let ended = episode else { return }
        episode = nil
        logger.notice("Writes to the data file succeed again", metadata: [
            "file": "\(path)", "refused": "\(ended.refused)", "seconds": "\(Self.seconds(now - ended.since))",
        ])
    }

    private static func seconds(_ duration: Duration) -> Int64 { duration.components.seconds }
}
