/// A BSON document: an ordered list of (key, value) fields with value semantics.
///
/// Field order is kept exactly as built or read, duplicate keys read from bytes are kept (so
/// bytes round-trip), and the key subscript sees the first field of a name. Look-ups are linear,
/// which is the fastest choice for the small documents this service stores.
public struct Document: Sendable, Hashable {
    /// One field: a name and its value.
    @usableFromInline
    struct Field: Sendable, Hashable {
        @usableFromInline var key: String
        @usableFromInline var value: BSONValue

        @usableFromInline init(_ key: String, _ value: BSONValue) {
            self.key = key
            self.value = value
        }

        @usableFromInline static func == (lhs: Field, rhs: Field) -> Bool {
            lhs.value == rhs.value && lhs.key.bytewiseEquals(rhs.key)
        }
    }

    @usableFromInline var fields: [Field]

    /// An empty document.
    public init() {
        fields = []
    }

    /// An empty document with room for `capacity` fields.
    public init(minimumCapacity capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// A document of these fields, in this order.
    public init(_ fields: [(key: String, value: BSONValue)]) {
        self.fields = fields.map { Field($0.key, $0.value) }
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Whether the document has no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The field names, in order.
    public var fieldNames: [String] { fields.map(\.key) }

    /// The field values, in order.
    public var fieldValues: [BSONValue] { fields.map(\.value) }

    /// The position of the first field with this name.
    public func index(forKey key: String) -> Int? {
        // Through the buffer, comparing lengths first: iterating the array itself copied every
        // field it passed (a retain and a release of its key and value), which cost more than
        // the comparisons in the documents this service reads.
        let length = key.utf8.count
        return fields.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where buffer[i].key.utf8.count == length && buffer[i].key.bytewiseEquals(key) { return i }
            return nil
        }
    }

    /// The value of the first field with this name; setting replaces it in place, appends a new
    /// field when absent, and removes it when set to `nil`.
    public subscript(key: String) -> BSONValue? {
        get {
            index(forKey: key).map { fields[$0].value }
        }
        set {
            if let i = index(forKey: key) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append(Field(key, newValue))
            }
        }
    }

    /// The `_id` field's value, looked for first where it usually is: in front.
    public var idValue: BSONValue? {
        if let first = fields.first, first.key.bytewiseEquals("_id") { return first.value }
        return self["_id"]
    }

    /// Appends a field without looking for an existing one of the same name.
    public mutating func append(_ key: String, _ value: BSONValue) {
        fields.append(Field(key, value))
    }

    /// Inserts a field at a position.
    public mutating func insert(_ key: String, _ value: BSONValue, at index: Int) {
        fields.insert(Field(key, value), at: index)
    }

    /// Removes the field at a position.
    public mutating func remove(at index: Int) {
        fields.remove(at: index)
    }

    /// Removes the first field with this name and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> BSONValue? {
        guard let i = index(forKey: key) else { return nil }
        return fields.remove(at: i).value
    }

    /// The field at a position.
    /// The first field (a command's name and argument), if any.
    public var firstField: (key: String, value: BSONValue)? { isEmpty ? nil : field(at: 0) }

    public func field(at index: Int) -> (key: String, value: BSONValue) {
        (fields[index].key, fields[index].value)
    }

    /// Replaces the value of the field at a position.
    public mutating func setValue(_ value: BSONValue, at index: Int) {
        fields[index].value = value
    }

    public static func == (lhs: Document, rhs: Document) -> Bool {
        lhs.fields == rhs.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.count)
        for field in fields {
            hasher.combine(field.key)
            hasher.combine(field.value)
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
            guard position < document.fields.count else { return nil }
            defer { position += 1 }
            let field = document.fields[position]
            return (field.key, field.value)
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    public var underestimatedCount: Int { fields.count }
}

extension Document: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, BSONValue)...) {
        fields = elements.map { Field($0.0, $0.1) }
    }
}
