/// Why an import could not be done, pointing at the place in the input: nothing is written when
/// one is thrown.
public struct TransferError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input file (or collection) it concerns.
    public var source: String
    /// 1-based line of JSON input, or the byte offset of BSON input (then `isByteOffset`).
    public var position: Int?
    public var isByteOffset = false
    public var message: String

    public init(source: String, position: Int? = nil, isByteOffset: Bool = false, message: String) {
        self.source = source
        self.position = position
        self.isByteOffset = isByteOffset
        self.message = message
    }

    public var description: String {
        guard let position else { return "\(source): \(message)" }
        return isByteOffset ? "\(source): at byte \(position): \(message)" : "\(source):\(position): \(message)"
    }
}
