/// Why bytes, text or values could not be turned into BSON (or back).
public struct BSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad kind of failure, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        /// Bytes that are not a valid BSON document.
        case corruptBytes
        /// Text that is not valid JSON or not valid Extended JSON.
        case invalidExtendedJSON
        /// A value that cannot be represented (a NUL in a key, an out-of-range number, …).
        case invalidValue
        /// A string that is not a 24-hex-digit ObjectId.
        case invalidObjectId
        /// A document nested deeper than its writer was allowed to go.
        case tooDeep
    }

    /// The kind of failure.
    public let kind: Kind
    /// A sentence for people, naming what was wrong and where.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
