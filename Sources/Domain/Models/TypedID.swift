import BSON

/// An ObjectId that knows what it identifies, so a conversation id cannot be passed where a user
/// id is expected. Stored as a plain BSON ObjectId.
public struct TypedID<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The underlying ObjectId.
    public let objectId: ObjectId

    public init(_ objectId: ObjectId) { self.objectId = objectId }

    /// A new, unique id.
    public static func generate() -> TypedID { TypedID(ObjectId()) }

    /// Parses 24 hex digits.
    /// - Throws: `BSONError` of kind `.invalidObjectId`.
    public init(_ hex: String) throws { objectId = try ObjectId(hex) }

    /// 24 lowercase hex digits.
    public var hex: String { objectId.hex }

    public var description: String { objectId.hex }

    public init(from decoder: any Decoder) throws { objectId = try ObjectId(from: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(objectId)
    }
}

/// A user's id.
public typealias UserID = TypedID<User>

/// A conversation's id.
public typealias ConversationID = TypedID<Conversation>

/// A message's id.
public typealias MessageID = TypedID<Message>
