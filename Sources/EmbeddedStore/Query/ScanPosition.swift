/// Where a walk of a query's candidates stopped, so that the next batch of a cursor starts
/// right after it (in a new snapshot: as in MongoDB, a cursor's later batches see the writes
/// made in between).
enum ScanPosition: Sendable, Equatable {
    /// Direct `_id` look-ups: how many keys are done.
    case point(Int)
    /// A walk in natural order (a collection scan, or index candidates put in natural order):
    /// the last row.
    case row(Int64)
    /// A walk in key order: the range it was in (of the plan's ranges) and the last key.
    case key(range: Int, key: [UInt8])

    var point: Int? { if case .point(let done) = self { done } else { nil } }
    var row: Int64? { if case .row(let row) = self { row } else { nil } }
    var keyed: (range: Int, key: [UInt8])? { if case .key(let range, let key) = self { (range, key) } else { nil } }
}

extension KeyRange {
    /// The part of this range a walk has left after `key` (forwards: the keys above it;
    /// backwards: the keys below it).
    func after(_ key: [UInt8], reverse: Bool) -> KeyRange {
        reverse ? KeyRange(lower: lower, upper: key) : KeyRange(lower: key + [0], upper: upper)
    }
}
