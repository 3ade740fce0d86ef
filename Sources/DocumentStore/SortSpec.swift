import BSON

/// A sort specification (`{"timestamp": 1, "_id": -1}`) compiled for comparing documents in
/// MongoDB's order: missing fields sort as null, an array sorts by its smallest element
/// ascending and its largest descending.
public struct SortSpec: Sendable {
    struct Key: Sendable {
        let path: FieldPath
        let ascending: Bool
    }

    let keys: [Key]

    /// The sort's fields in order, each with its direction.
    public var fields: [(path: FieldPath, ascending: Bool)] { keys.map { ($0.path, $0.ascending) } }

    /// Compiles a sort document.
    /// - Throws: `StoreError.badValue` for anything but 1 / -1 directions.
    public init(_ spec: Document) throws {
        keys = try spec.map { key, value in
            guard let direction = value.exactInt64, direction == 1 || direction == -1 else {
                throw StoreError.badValue("bad sort specification: \(key): \(value.extendedJSON())")
            }
            return Key(path: try FieldPath(key), ascending: direction == 1)
        }
    }

    /// Whether `a` sorts before `b`.
    public func orderedBefore(_ a: Document, _ b: Document) -> Bool {
        compare(a, b) < 0
    }

    func compare(_ a: Document, _ b: Document) -> Int {
        for key in keys {
            let c = BSONOrder.compare(sortValue(a, key), sortValue(b, key))
            if c != 0 { return key.ascending ? c : -c }
        }
        return 0
    }

    private func sortValue(_ document: Document, _ key: Key) -> BSONValue {
        var values: [BSONValue] = []
        for candidate in key.path.matchCandidates(in: document) {
            switch candidate {
            case nil: values.append(.null)
            case .array(let elements)?: values.append(contentsOf: elements.isEmpty ? [.undefined] : elements)
            case let v?: values.append(v)
            }
        }
        guard var best = values.first else { return .null }
        for v in values.dropFirst() {
            let c = BSONOrder.compare(v, best)
            if key.ascending ? c < 0 : c > 0 { best = v }
        }
        return best
    }

    /// Sorts documents stably (equal keys keep their order).
    public func sorted(_ documents: [Document]) -> [Document] {
        sorted(documents) { $0 }
    }

    /// Sorts items by their documents, stably.
    public func sorted<Item>(_ items: [Item], by document: (Item) -> Document) -> [Item] {
        items.enumerated().sorted { x, y in
            let c = compare(document(x.element), document(y.element))
            return c != 0 ? c < 0 : x.offset < y.offset
        }.map(\.element)
    }

    /// `$push`'s `$sort`: `1`/`-1` sorts the elements themselves, a document sorts document
    /// elements by fields.
    static func sortArrayElements(_ elements: [BSONValue], by spec: BSONValue) throws -> [BSONValue] {
        if let direction = spec.exactInt64, direction == 1 || direction == -1 {
            return elements.enumerated().sorted { x, y in
                let c = BSONOrder.compare(x.element, y.element)
                return c != 0 ? (direction == 1 ? c < 0 : c > 0) : x.offset < y.offset
            }.map(\.element)
        }
        guard case .document(let d) = spec else { throw StoreError.badValue("The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields") }
        let sort = try SortSpec(d)
        return elements.enumerated().sorted { x, y in
            let c = sort.compare(x.element.documentValue ?? Document(), y.element.documentValue ?? Document())
            return c != 0 ? c < 0 : x.offset < y.offset
        }.map(\.element)
    }
}
