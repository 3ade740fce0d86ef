/// A BSON document: an ordered list of (key, value) fields with value semantics.
///
/// Field order is kept exactly as built or read, duplicate keys read from bytes are kept (so
/// bytes round-trip), and the key subscript sees the first field of a name. Look-ups are linear,
/// which is the fastest choice for the small documents this service stores.
public struct Document: Sendable, Hashable {
    @usableFromInline var keys: [String]
    @usableFromInline var values: [BSONValue]

    /// An empty document.
    public init() {
        keys = []
        values = []
    }

    /// A document of these fields, in this order.
    public init(_ fields: [(key: String, value: BSONValue)]) {
        keys = fields.map(\.key)
        values = fields.map(\.value)
    }

    /// The number of fields.
    public var count: Int { keys.count }

    /// Whether the document has no fields.
    public var isEmpty: Bool { keys.isEmpty }

    /// The field names, in order.
    public var fieldNames: [String] { keys }

    /// The field values, in order.
    public var fieldValues: [BSONValue] { values }

    /// The position of the first field with this name.
    public func index(forKey key: String) -> Int? {
        keys.firstIndex { $0.utf8.elementsEqual(key.utf8) }
    }

    /// The value of the first field with this name; setting replaces it in place, appends a new
    /// field when absent, and removes it when set to `nil`.
    public subscript(key: String) -> BSONValue? {
        get {
            guard let i = index(forKey: key) else { return nil }
            return values[i]
        }
        set {
            if let i = index(forKey: key) {
                if let newValue { values[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                append(key, newValue)
            }
        }
    }

    /// Appends a field without looking for an existing one of the same name.
    public mutating func append(_ key: String, _ value: BSONValue) {
        keys.append(key)
        values.append(value)
    }

    /// Inserts a field at a position.
    public mutating func insert(_ key: String, _ value: BSONValue, at index: Int) {
        keys.insert(key, at: index)
        values.insert(value, at: index)
    }

    /// Removes the field at a position.
    public mutating func remove(at index: Int) {
        keys.remove(at: index)
        values.remove(at: index)
    }

    /// Removes the first field with this name and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> BSONValue? {
        guard let i = index(forKey: key) else { return nil }
        let old = values[i]
        remove(at: i)
        return old
    }

    /// The field at a position.
    public func field(at index: Int) -> (key: String, value: BSONValue) {
        (keys[index], values[index])
    }

    /// Replaces the value of the field at a position.
    public mutating func setValue(_ value: BSONValue, at index: Int) {
        values[index] = value
    }

    public static func == (lhs: Document, rhs: Document) -> Bool {
        lhs.values == rhs.values && lhs.keys.elementsEqual(rhs.keys) { $0.utf8.elementsEqual($1.utf8) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys.count)
        for (k, v) in zip(keys, values) {
            hasher.combine(k)
            hasher.combine(v)
        }
    }
}

extension Document: Sequence {
    /// Iterates the fields in order.
    public struct Iterator: IteratorProtocol {
        private let document: Document
        private var position = 0

        init(_ document: Document) { self.document = document }

        public mutating func next() -> (key: String, value: BSONValue)? {
            guard position < document.keys.count else { return nil }
            defer { position += 1 }
            return (document.keys[position], document.values[position])
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    public var underestimatedCount: Int { keys.count }
}

extension Document: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, BSONValue)...) {
        keys = elements.map(\.0)
        values = elements.map(\.1)
    }
}
