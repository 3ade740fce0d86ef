/// BSON binary data with its subtype byte (0x00 generic, 0x04 UUID, 0x80–0xFF user defined, …).
public struct BSONBinary: Sendable, Hashable {
    /// The subtype byte.
    public var subtype: UInt8
    /// The payload (for the deprecated subtype 0x02, without its repeated inner length).
    public var data: [UInt8]

    public init(subtype: UInt8 = 0, data: [UInt8]) {
        self.subtype = subtype
        self.data = data
    }

    /// Subtype 0x00, generic binary.
    public static let generic: UInt8 = 0x00
    /// Subtype 0x02, the deprecated "old binary" with an inner length.
    public static let oldBinary: UInt8 = 0x02
    /// Subtype 0x04, a UUID.
    public static let uuid: UInt8 = 0x04
}
