/// Encodes a value straight to compact JSON bytes, members in the order they are encoded — the
/// same text `BSONEncoder` followed by the relaxed Extended JSON writer gives (dates, ids and
/// other BSON values written as that writer writes them, optionals as `null`), without building
/// a tree of nodes and a document first. For response bodies on the request path.
///
/// Containers are written as they are opened and closed when their encoder moves on (the next
/// member of the parent, or the end of the value), so a container kept and written to after its
/// parent moved on is an error; a key encoded twice is written twice. Synthesized `Encodable`
/// conformances do neither.
public struct CompactJSONEncoder: Sendable {
    /// Whether a `JSONWritable` value writes itself (the default); when false every value goes
    /// through `encode(to:)`, which is how tests check the two write the same bytes.
    public var writesJSONWritableDirectly: Bool

    public init(writesJSONWritableDirectly: Bool = true) {
        self.writesJSONWritableDirectly = writesJSONWritableDirectly
    }

    /// - Throws: `EncodingError` for an integer beyond Int64 or a container used out of order.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encode(value) { [UInt8]($0) }
    }

    /// Encodes `value` and hands the bytes to `body` where they were written (for a caller that
    /// copies them once, into a buffer of its own, instead of into an array first).
    public func encode<T: Encodable, R>(_ value: T, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let state = JSONStreamState(writesJSONWritableDirectly: writesJSONWritableDirectly)
        try state.write(value, parentPath: [], key: nil)
        return try state.writer.out.withUnsafeBytes(body)
    }
}

/// The bytes written so far and the containers open, innermost last.
///
/// The writer and the open containers live behind a pointer the state owns: an encoding makes
/// thousands of small writes, and each one to a class's stored `var` would pay a dynamic
/// exclusivity check. The state belongs to one `encode` call on one thread.
final class JSONStreamState {
    private struct Buffers {
        var writer = ExtendedJSONWriter(mode: .relaxed, capacity: 512)
        /// Members (or elements) written into each open container.
        var open: [(isObject: Bool, count: Int)] = []
    }

    private let buffers: UnsafeMutablePointer<Buffers>
    private let writesJSONWritableDirectly: Bool

    init(writesJSONWritableDirectly: Bool) {
        self.writesJSONWritableDirectly = writesJSONWritableDirectly
        buffers = .allocate(capacity: 1)
        buffers.initialize(to: Buffers())
    }

    deinit {
        buffers.deinitialize(count: 1)
        buffers.deallocate()
    }

    var writer: ExtendedJSONWriter {
        get { buffers.pointee.writer }
        _modify { yield &buffers.pointee.writer }
    }

    private(set) var open: [(isObject: Bool, count: Int)] {
        get { buffers.pointee.open }
        _modify { yield &buffers.pointee.open }
        set { buffers.pointee.open = newValue }
    }

    /// Writes a whole value: a native BSON value as the writer does; anything else through its
    /// `encode(to:)`, closing what it opened (an encoder that opened nothing writes `{}`).
    /// The value's coding path is `parentPath` and `key`, joined only when needed (an error, or
    /// an encoder handed to the value): most members never need it.
    func write<T: Encodable>(_ value: T, parentPath: [any CodingKey], key: (any CodingKey)?) throws {
        // What a type is, found once per encoding: a response repeats a few types many times,
        // and a failed dynamic cast (a dozen per composite value) costs more than writing it.
        let type = ObjectIdentifier(T.self)
        let kind = kinds[type] ?? Self.kind(of: value, writable: writesJSONWritableDirectly)
        if kinds.count < 64 { kinds[type] = kind }
        switch kind {
        case .string:
            if let text = value as? String {
                writer.string(text)
                return
            }
        case .integer:
            if let integer = value as? any BinaryInteger {
                writer.value(try EncodingNode.integer(integer, codingPath: parentPath + (key.map { [$0] } ?? [])))
                return
            }
        case .native:
            if let native = EncodingNode.nativeValue(value) {
                writer.value(native)
                return
            }
        case .writable:
            if let writable = value as? any JSONWritable {
                var json = JSONWriter(text: ExtendedJSONWriter(mode: .relaxed, capacity: 0))
                swap(&json.text, &writer)
                writable.writeJSON(to: &json)
                swap(&json.text, &writer)
                return
            }
        case .composite:
            break
        }
        let depth = open.count
        let before = writer.out.count
        try value.encode(to: JSONStreamEncoder(state: self, codingPath: parentPath + (key.map { [$0] } ?? []), depth: depth))
        close(downTo: depth)
        if writer.out.count == before { writer.raw("{}") }
    }

    /// How a value of some type is written.
    private enum Kind {
        case string, integer, native, writable, composite
    }

    /// Types already classified in this encoding.
    private var kinds: [ObjectIdentifier: Kind] = [:]

    private static func kind<T: Encodable>(of value: T, writable: Bool) -> Kind {
        if value is String { return .string }
        if writable && value is any JSONWritable { return .writable }
        if value is any BinaryInteger { return .integer }
        if EncodingNode.nativeValue(value) != nil { return .native }
        return .composite
    }

    /// Opens an object or array as the container at `depth` (its index in `open`).
    func openContainer(isObject: Bool) -> Int {
        writer.byte(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        open.append((isObject, 0))
        return open.count - 1
    }

    /// Closes every container deeper than `depth` open containers.
    func close(downTo depth: Int) {
        while open.count > depth {
            let container = open.removeLast()
            writer.byte(container.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Before the next member of the container at `index`: closes what its earlier members left
    /// open and writes the separator (and the key, for an object).
    func beginMember(of index: Int, key: String?, codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard index < open.count else {
            throw EncodingError.invalidValue(
                key ?? "", .init(codingPath: codingPath(), debugDescription: "a container was written to after its parent moved on"))
        }
        close(downTo: index + 1)
        if open[index].count > 0 { writer.byte(UInt8(ascii: ",")) }
        open[index].count += 1
        if let key {
            writer.string(key)
            writer.byte(UInt8(ascii: ":"))
        }
    }
}

struct JSONStreamEncoder: Encoder {
    let state: JSONStreamState
    let codingPath: [any CodingKey]
    /// How many containers were open when this encoder was handed out.
    let depth: Int
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONKeyedStreamContainer<Key>(state: state, codingPath: codingPath, index: reuseOrOpen(isObject: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedStreamContainer(state: state, codingPath: codingPath, index: reuseOrOpen(isObject: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueStreamContainer(state: state, codingPath: codingPath)
    }

    /// A second request for a container of the same encoder continues the first one.
    private func reuseOrOpen(isObject: Bool) -> Int {
        if state.open.count > depth, state.open[depth].isObject == isObject { return depth }
        state.close(downTo: depth)
        return state.openContainer(isObject: isObject)
    }
}
