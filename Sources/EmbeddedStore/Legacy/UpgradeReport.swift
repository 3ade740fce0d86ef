/// What converting a first-format file (the append-only log) into the SQLite format did.
public struct UpgradeReport: Sendable, CustomStringConvertible {
    /// Where the original was kept.
    public var originalKeptAt: String
    /// Records of the log converted.
    public var records: Int
    /// Documents per collection in the new file (checked against the log's own count).
    public var documents: [String: Int]
    /// Bytes of an interrupted write at the log's end that were not converted.
    public var tornTailBytes: Int

    public var description: String {
        let total = documents.values.reduce(0, +)
        var text = "upgraded from the first format: \(records) records, \(total) documents in \(documents.count) collections; original kept as \(originalKeptAt)"
        if tornTailBytes > 0 { text += "; a torn tail of \(tornTailBytes) bytes (an interrupted write, never acknowledged) was left out" }
        return text
    }
}

/// A step of the upgrade, reported to an observer (tests stop the process at each one).
public enum UpgradeStep: Sendable, CaseIterable {
    /// The new file is written and synced beside the original, as `<name>.upgrade`.
    case converted
    /// The original has been renamed to `<name>.v1`.
    case originalKept
    /// The new file has been renamed to `<name>`.
    case installed
    /// The directory is synced: the upgrade is durable.
    case directorySynced
}
