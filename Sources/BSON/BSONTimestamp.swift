/// A BSON (replication) timestamp: seconds and an increment, ordered by seconds then increment.
public struct BSONTimestamp: Sendable, Hashable, Comparable {
    /// Seconds since the epoch.
    public var seconds: UInt32
    /// The ordinal within the second.
    public var increment: UInt32

    public init(seconds: UInt32, increment: UInt32) {
        self.seconds = seconds
        self.increment = increment
    }

    public static func < (lhs: BSONTimestamp, rhs: BSONTimestamp) -> Bool {
        (lhs.seconds, lhs.increment) < (rhs.seconds, rhs.increment)
    }
}
