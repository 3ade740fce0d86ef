struct JSONKeyedStreamContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: JSONStreamState
    let codingPath: [any CodingKey]
    /// This container's place among the open ones.
    let index: Int

    private func member(_ key: Key) throws { try state.beginMember(of: index, key: key.stringValue, codingPath: codingPath + [key]) }

    mutating func encodeNil(forKey key: Key) throws {
        try member(key)
        state.writer.raw("null")
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try member(key)
        state.writer.raw(value ? "true" : "false")
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        try member(key)
        state.writer.string(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try member(key)
        state.writer.value(.double(value))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try member(key)
        try state.write(value, parentPath: codingPath, key: key)
    }

    // Optionals: a nil is an explicit null, as `BSONEncoder` writes it by default.
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
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    private mutating func optional(_ value: String?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        nestedEncoder(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { nestedEncoder(key).unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(forKey: key.stringValue) }

    private func superEncoder(forKey key: String) -> any Encoder {
        let path = codingPath + [BSONCodingKey(key)]
        // Not throwing here: a container past its parent fails on its first write instead.
        try? state.beginMember(of: index, key: key, codingPath: path)
        return JSONStreamEncoder(state: state, codingPath: path, depth: index + 1)
    }

    private func nestedEncoder(_ key: Key) -> JSONStreamEncoder {
        try? state.beginMember(of: index, key: key.stringValue, codingPath: codingPath + [key])
        return JSONStreamEncoder(state: state, codingPath: codingPath + [key], depth: index + 1)
    }
}

struct JSONUnkeyedStreamContainer: UnkeyedEncodingContainer {
    let state: JSONStreamState
    let codingPath: [any CodingKey]
    let index: Int
    private(set) var count = 0

    init(state: JSONStreamState, codingPath: [any CodingKey], index: Int) {
        self.state = state
        self.codingPath = codingPath
        self.index = index
    }

    /// Begins the next element; returns its index key.
    private mutating func element() throws -> BSONCodingKey {
        let key = BSONCodingKey(index: count)
        try state.beginMember(of: index, key: nil, codingPath: codingPath + [key])
        count += 1
        return key
    }

    mutating func encodeNil() throws {
        _ = try element()
        state.writer.raw("null")
    }
    mutating func encode(_ value: Bool) throws {
        _ = try element()
        state.writer.raw(value ? "true" : "false")
    }
    mutating func encode(_ value: String) throws {
        _ = try element()
        state.writer.string(value)
    }
    mutating func encode(_ value: Double) throws {
        _ = try element()
        state.writer.value(.double(value))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = try element()
        try state.write(value, parentPath: codingPath, key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        nestedEncoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { nestedEncoder().unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { nestedEncoder() }

    private mutating func nestedEncoder() -> JSONStreamEncoder {
        let path = (try? element()).map { codingPath + [$0] } ?? codingPath
        return JSONStreamEncoder(state: state, codingPath: path, depth: index + 1)
    }
}

struct JSONSingleValueStreamContainer: SingleValueEncodingContainer {
    let state: JSONStreamState
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { state.writer.raw("null") }
    mutating func encode(_ value: Bool) throws { state.writer.raw(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { state.writer.string(value) }
    mutating func encode(_ value: Double) throws { state.writer.value(.double(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try state.write(value, parentPath: codingPath, key: nil) }
}
