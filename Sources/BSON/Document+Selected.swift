extension Document {
    /// The top-level fields of BSON bytes whose names are in `fields`, in their order, the
    /// others skipped without being decoded: enough to test a filter that only looks at those
    /// fields, at a fraction of the cost of the whole document. Lengths are checked, as in
    /// `Document(bsonBytes:)`; the skipped values are not validated.
    /// - Throws: `BSONError` of kind `.corruptBytes`.
    public init(bsonBytes bytes: UnsafeRawBufferPointer, selecting fields: [[UInt8]]) throws {
        var document = Document(minimumCapacity: fields.count)
        let reader = BSONReader(bytes)
        var failure: (any Error)?
        let whole = BSONShallowReader.forEachElement(in: bytes) { element in
            guard fields.contains(where: { element.key.elementsEqual($0) }) else { return true }
            do {
                guard let base = bytes.baseAddress, let keyStart = element.key.baseAddress else { return true }
                let (key, value) = try reader.readElement(typeAt: keyStart - base - 1, limit: bytes.count - 1)
                document.append(key, value)
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        guard whole else { throw BSONError(.corruptBytes, "invalid BSON: an element runs past the document's end") }
        self = document
    }
}
