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

extension Document {
    /// For each name in `fields` (UTF-8, top level), the value of the first element of that name
    /// in BSON bytes, or `nil` when there is none, written to `values` (resized to match); every
    /// other element is skipped without being decoded. No document is built, so a filter over a
    /// few fields can be tested on stored bytes for the price of those fields alone. Lengths are
    /// checked as in `Document(bsonBytes:)`; skipped values are not validated.
    /// - Throws: `BSONError` of kind `.corruptBytes`.
    public static func firstValues(of fields: [[UInt8]], inBSON bytes: UnsafeRawBufferPointer, into values: inout [BSONValue?]) throws {
        if values.count != fields.count {
            values = Array(repeating: nil, count: fields.count)
        } else {
            for i in values.indices { values[i] = nil }
        }
        guard !fields.isEmpty else { return }
        guard bytes.count >= 5, Int(Int32(littleEndian: bytes.loadUnaligned(as: Int32.self))) == bytes.count, bytes[bytes.count - 1] == 0 else {
            throw BSONError(.corruptBytes, "invalid BSON: the document's stated length is not the \(bytes.count) bytes given")
        }
        let reader = BSONReader(bytes)
        try values.withUnsafeMutableBufferPointer { found in
            var remaining = fields.count
            var position = 4
            let end = bytes.count - 1
            while position < end, remaining > 0 {
                guard let type = BSONType(rawValue: bytes[position]) else { throw truncated }
                let keyStart = position + 1
                var keyEnd = keyStart
                while keyEnd < end, bytes[keyEnd] != 0 { keyEnd += 1 }
                guard keyEnd < end else { throw truncated }
                let valueStart = keyEnd + 1
                guard let length = BSONShallowReader.valueLength(type, bytes, valueStart, end), length >= 0, length <= end - valueStart else {
                    throw truncated
                }
                let key = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd])
                for i in 0..<fields.count where found[i] == nil && fields[i].count == key.count {
                    guard fields[i].withUnsafeBytes({ Self.sameBytes($0, key) }) else { continue }
                    found[i] = try reader.readValue(ofType: type, at: valueStart, limit: end)
                    remaining -= 1
                    break
                }
                position = valueStart + length
            }
        }
    }

    private static var truncated: BSONError {
        BSONError(.corruptBytes, "invalid BSON: an element runs past the document's end")
    }

    /// Whether two byte runs of equal length hold the same bytes.
    @inline(__always)
    private static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < a.count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}
