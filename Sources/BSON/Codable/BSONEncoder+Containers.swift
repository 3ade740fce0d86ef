/// Keyed container: writes fields of a document node.
struct KeyedNodeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let options: BSONEncoder

    private func set(_ value: BSONValue, _ key: Key) { node.setChild(EncodingNode(value), forKey: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int64(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let path = codingPath + [key]
        if let integer = value as? any BinaryInteger {
            set(try EncodingNode.integer(integer, codingPath: path), key)
            return
        }
        node.setChild(try EncodingNode.box(value, codingPath: path, options: options), forKey: key.stringValue)
    }

    // Optionals: by default a nil becomes an explicit null field (see `NilEncodingStrategy`).
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try optional(value, key) }

    private mutating func optional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else if options.nilEncodingStrategy == .encodeNull {
            set(.null, key)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        node.setChild(child, forKey: key.stringValue)
        return NodeEncoder(node: child, codingPath: codingPath + [key], options: options).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        node.setChild(child, forKey: key.stringValue)
        return NodeEncoder(node: child, codingPath: codingPath + [key], options: options).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(forKey: key.stringValue) }

    private func superEncoder(forKey key: String) -> any Encoder {
        let child = EncodingNode()
        node.setChild(child, forKey: key)
        return NodeEncoder(node: child, codingPath: codingPath + [BSONCodingKey(key)], options: options)
    }
}

/// Unkeyed container: appends elements to an array node.
struct UnkeyedNodeEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let options: BSONEncoder

    var count: Int { node.arrayCount }

    private var nextPath: [any CodingKey] { codingPath + [BSONCodingKey(index: count)] }

    mutating func encodeNil() throws { node.appendChild(EncodingNode(.null)) }
    mutating func encode(_ value: Bool) throws { node.appendChild(EncodingNode(.bool(value))) }
    mutating func encode(_ value: String) throws { node.appendChild(EncodingNode(.string(value))) }
    mutating func encode(_ value: Double) throws { node.appendChild(EncodingNode(.double(value))) }
    mutating func encode(_ value: Int64) throws { node.appendChild(EncodingNode(.int64(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let integer = value as? any BinaryInteger {
            node.appendChild(EncodingNode(try EncodingNode.integer(integer, codingPath: nextPath)))
            return
        }
        node.appendChild(try EncodingNode.box(value, codingPath: nextPath, options: options))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        let path = nextPath
        node.appendChild(child)
        return NodeEncoder(node: child, codingPath: path, options: options).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        let path = nextPath
        node.appendChild(child)
        return NodeEncoder(node: child, codingPath: path, options: options).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        let path = nextPath
        node.appendChild(child)
        return NodeEncoder(node: child, codingPath: path, options: options)
    }
}

/// Single-value container: sets the node's value.
struct SingleValueNodeEncoder: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let options: BSONEncoder

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(.double(value)) }
    mutating func encode(_ value: Float) throws { node.content = .value(.double(Double(value))) }
    mutating func encode(_ value: Int64) throws { node.content = .value(.int64(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let integer = value as? any BinaryInteger {
            node.content = .value(try EncodingNode.integer(integer, codingPath: codingPath))
            return
        }
        node.content = try EncodingNode.box(value, codingPath: codingPath, options: options).content
    }
}

/// A coding key for array positions and synthesized names.
struct BSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(index: Int) {
        stringValue = String(index)
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) { self.init(index: intValue) }
}
