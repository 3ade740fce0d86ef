import CoreMetrics
#if canImport(Glibc)
import Glibc
#endif

/// What the writer reports through swift-metrics, for the process's exporter (the server's
/// `GET /metrics`) to show how the file is doing: commits, the writes they acknowledged,
/// refused (the write's own fault: a duplicate key, say) or failed (the storage's: a full disk,
/// an I/O error), how long each commit took and how many writes it carried, the sizes of the
/// data file and its WAL, and the room left for them on their file system. Handlers are made when the store opens, so the process bootstraps its
/// metrics backend first; without one they cost nothing.
struct WriterMetrics: Sendable {
    /// The histogram of commit durations (BEGIN to a durable COMMIT), in seconds.
    static let commitDurationLabel = "speakai_store_commit_duration_seconds"
    /// The histogram of writes per commit (1 for a lone write, up to `Writer.maximumGroup`).
    static let commitWritesLabel = "speakai_store_commit_writes"
    /// How often the writer reads the file sizes, at most (a commit reads the clock, not the files).
    static let sizeInterval = Duration.seconds(1)
    /// How often an idle writer reads them (and the free space, which other programs may use up).
    static let idleInterval = Duration.seconds(10)

    private let commits = Counter(label: "speakai_store_commits_total")
    private let acknowledged = Counter(label: "speakai_store_writes_total", dimensions: [("outcome", "acknowledged")])
    private let refused = Counter(label: "speakai_store_writes_total", dimensions: [("outcome", "refused")])
    private let failed = Counter(label: "speakai_store_writes_total", dimensions: [("outcome", "failed")])
    private let duration = CoreMetrics.Timer(label: Self.commitDurationLabel)
    private let writesPerCommit = Recorder(label: Self.commitWritesLabel, aggregate: true)
    private let dataBytes = Gauge(label: "speakai_store_file_bytes", dimensions: [("file", "data")])
    private let walBytes = Gauge(label: "speakai_store_file_bytes", dimensions: [("file", "wal")])
    private let freeBytes = Gauge(label: "speakai_store_disk_free_bytes")
    private let path: String

    /// Metrics of the store at `path`.
    init(path: String) {
        self.path = path
    }

    /// A group's outcome: its writes acknowledged, refused and failed; `took` is set when its
    /// transaction committed.
    func record(acknowledged: Int, refused: Int, failed: Int, committedIn took: Duration?) {
        if let took {
            commits.increment()
            let (seconds, attoseconds) = took.components
            duration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            writesPerCommit.record(acknowledged + refused + failed)
        }
        if acknowledged > 0 { self.acknowledged.increment(by: Int64(acknowledged)) }
        if refused > 0 { self.refused.increment(by: Int64(refused)) }
        if failed > 0 { self.failed.increment(by: Int64(failed)) }
    }

    /// Reads the sizes of the data file and its WAL, and the bytes its file system has free
    /// for this process (what a write may still use: `statvfs`'s available blocks).
    func measureFiles() {
        dataBytes.record(Self.size(path))
        walBytes.record(Self.size(path + "-wal"))
        if let free = Self.freeSpace(path) { freeBytes.record(free) }
    }

    private static func freeSpace(_ path: String) -> Int64? {
        var status = statvfs()
        guard statvfs(path, &status) == 0 else { return nil }
        let (bytes, overflow) = Int64(clamping: status.f_bavail).multipliedReportingOverflow(by: Int64(clamping: status.f_frsize))
        return overflow ? .max : bytes
    }

    private static func size(_ path: String) -> Int64 {
        var status = stat()
        return stat(path, &status) == 0 ? Int64(status.st_size) : 0
    }
}
