/// A range of keys in byte order: from `lower` (inclusive) to `upper` (exclusive); a `nil` end
/// is open.
struct KeyRange: Sendable, Equatable {
    var lower: [UInt8]?
    var upper: [UInt8]?

    /// Every key.
    static let all = KeyRange(lower: nil, upper: nil)

    /// Every key that starts with `prefix`.
    static func prefixed(_ prefix: [UInt8]) -> KeyRange {
        KeyRange(lower: prefix, upper: KeyString.successor(ofPrefix: prefix))
    }
}
