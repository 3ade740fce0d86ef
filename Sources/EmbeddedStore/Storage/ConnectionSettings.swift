/// What every connection to a data file is given: its share of the page cache and how much of
/// the file it reads through a memory map.
struct ConnectionSettings: Sendable {
    /// This connection's page cache.
    var cacheKiB: Int
    /// The part of the file read through a memory map (0: every page is copied in).
    var mappedBytes: Int

    /// The pragmas that apply these settings.
    var pragmas: String {
        "PRAGMA cache_size=-\(max(256, cacheKiB)); PRAGMA mmap_size=\(max(0, mappedBytes))"
    }
}
