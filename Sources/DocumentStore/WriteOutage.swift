import Foundation

/// Writes being refused because the storage cannot take them (a full disk, a file-size limit,
/// an I/O error), as a store saw them: since when and how many so far. Reads still work, and
/// nothing acknowledged before is lost; the outage ends at the first write that succeeds.
public struct WriteOutage: Sendable, Equatable {
    /// When the first refused write of this outage was refused.
    public var since: Date
    /// How many writes have been refused since then.
    public var refused: Int

    public init(since: Date, refused: Int) {
        self.since = since
        self.refused = refused
    }
}
