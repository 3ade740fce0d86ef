import Foundation

/// Encodes `Encodable` values to BSON documents so that models map to stored documents without
/// hand-built dictionaries. `ObjectId`, `Date` (at millisecond precision), `Document`,
/// `BSONValue`, `Decimal128` and the other BSON types map to their native BSON types; `Data`
/// becomes generic binary and `UUID` binary subtype 4. Integers are stored as MongoDB's drivers
/// store them: int32 when they fit, int64 otherwise (`Int64` is always int64).
public struct BSONEncoder: Sendable {
    /// What an optional that is `nil` becomes.
    public enum NilEncodingStrategy: Sendable {
        /// A field holding BSON null (the shape the original service stores: `"ended_at": null`).
        case encodeNull
        /// No field at all (what `JSONEncoder` does).
        case omit
    }

    /// What an optional that is `nil` becomes; `.encodeNull` by default.
    public var nilEncodingStrategy: NilEncodingStrategy = .encodeNull

    public init() {}

    /// Encodes a value that encodes itself as a keyed container.
    /// - Throws: `EncodingError.invalidValue` when the value is not a document at the top level or
    ///   holds something BSON cannot store (an unsigned integer past `Int64.max`).
    public func encode<T: Encodable>(_ value: T) throws -> Document {
        let encoded = try encodeValue(value)
        guard case .document(let document) = encoded else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "top-level \(T.self) did not encode as a document"))
        }
        return document
    }

    /// Encodes any value to the BSON value it maps to.
    public func encodeValue<T: Encodable>(_ value: T) throws -> BSONValue {
        try EncodingNode.box(value, codingPath: [], options: self).resolved
    }
}

/// One value under construction; containers hold child nodes so nested containers can keep
/// writing into them after they are handed out.
final class EncodingNode {
    enum Content {
        case empty
        case value(BSONValue)
        case document(keys: [String], nodes: [EncodingNode])
        case array([EncodingNode])
    }

    var content: Content = .empty

    init() {}

    init(_ value: BSONValue) { content = .value(value) }

    var resolved: BSONValue {
        switch content {
        case .empty: return .document(Document())
        case .value(let v): return v
        case .document(let keys, let nodes):
            var document = Document()
            for (k, n) in zip(keys, nodes) { document.append(k, n.resolved) }
            return .document(document)
        case .array(let nodes): return .array(nodes.map(\.resolved))
        }
    }

    func setChild(_ child: EncodingNode, forKey key: String) {
        guard case .document(var keys, var nodes) = content else { return }
        content = .empty
        if let i = keys.firstIndex(of: key) {
            nodes[i] = child
        } else {
            keys.append(key)
            nodes.append(child)
        }
        content = .document(keys: keys, nodes: nodes)
    }

    func appendChild(_ child: EncodingNode) {
        guard case .array(var nodes) = content else { return }
        content = .empty
        nodes.append(child)
        content = .array(nodes)
    }

    var arrayCount: Int {
        if case .array(let nodes) = content { return nodes.count }
        return 0
    }

    /// The node for a value, mapping the types BSON stores natively.
    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey], options: BSONEncoder) throws -> EncodingNode {
        if let native = nativeValue(value) { return EncodingNode(native) }
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath, options: options))
        return node
    }

    static func nativeValue(_ value: some Encodable) -> BSONValue? {
        switch value {
        case let v as BSONValue: return v
        case let v as Document: return .document(v)
        case let v as ObjectId: return .objectId(v)
        case let v as Date: return .datetime(BSONDateTime(v))
        case let v as BSONDateTime: return .datetime(v)
        case let v as Decimal128: return .decimal128(v)
        case let v as BSONBinary: return .binary(v)
        case let v as BSONTimestamp: return .timestamp(v)
        case let v as BSONRegex: return .regex(v)
        case let v as Data: return .binary(BSONBinary(subtype: BSONBinary.generic, data: [UInt8](v)))
        case let v as UUID: return .binary(BSONBinary(subtype: BSONBinary.uuid, data: withUnsafeBytes(of: v.uuid) { [UInt8]($0) }))
        case let v as URL: return .string(v.absoluteString)
        default: return nil
        }
    }

    /// The BSON value of an integer: `Int64` as int64; others int32 when they fit, int64 otherwise.
    static func integer<I: BinaryInteger>(_ value: I, codingPath: [any CodingKey]) throws -> BSONValue {
        if let exact = value as? Int64 { return .int64(exact) }
        if let small = Int32(exactly: value) { return .int32(small) }
        if let large = Int64(exactly: value) { return .int64(large) }
        throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) does not fit a BSON int64"))
    }
}

/// The `Encoder` handed to `encode(to:)`.
struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let options: BSONEncoder
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .document = node.content {} else { node.content = .document(keys: [], nodes: []) }
        return KeyedEncodingContainer(KeyedNodeEncoder<Key>(node: node, codingPath: codingPath, options: options))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedNodeEncoder(node: node, codingPath: codingPath, options: options)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueNodeEncoder(node: node, codingPath: codingPath, options: options)
    }
}
