import BSON
import DocumentStore

/// A collection of the embedded store. Cheap to make; every call goes through the engine.
struct EmbeddedCollection: DocumentCollection {
    let name: String
    let engine: Engine

    /// MongoDB's rules for collection names.
    func checkName() throws {
        guard !name.isEmpty, !name.contains("$"), !name.utf8.contains(0), !name.hasPrefix("system."), !name.hasPrefix(".") else {
            throw StoreError(code: 73, codeName: "InvalidNamespace", message: "Invalid collection name: '\(name)'")
        }
    }

    /// The matching documents of a collection, in natural order or sorted, skipped and limited.
    static func select(_ data: CollectionData, _ query: QueryFilter, sort: SortSpec?, skip: Int, limit: Int?) -> [Document] {
        var matched: [Document] = []
        let stopAt = sort == nil ? limit.map { skip + $0 } : nil
        for slot in data.candidateSlots(for: query) {
            guard let document = data.slots[slot], query.matches(document) else { continue }
            matched.append(document)
            if let stopAt, matched.count >= stopAt { break }
        }
        if let sort { matched = sort.sorted(matched) }
        let start = min(skip, matched.count)
        let end = limit.map { min(matched.count, start + $0) } ?? matched.count
        return Array(matched[start..<end])
    }

    func find(_ filter: Document, options: FindOptions) async throws -> [Document] {
        try checkName()
        // Fast path: a plain `{_id: value}` look-up.
        if filter.count == 1, let id = filter["_id"], options.skip == 0, options.sort == nil, options.projection == nil,
            Self.isPlainKey(id)
        {
            let name = self.name
            return try engine.read { state in
                guard let document = state.collection(name)?.document(id: id) else { return [Document]() }
                return [document]
            }
        }
        let query = try QueryFilter(filter)
        let sort = try options.sort.map(SortSpec.init)
        let projection = try options.projection.map(Projection.init)
        guard options.skip >= 0 else { throw StoreError.badValue("skip value must be non-negative, but received: \(options.skip)") }
        let limit = options.limit.flatMap { $0 == 0 ? nil : abs($0) }
        let name = self.name
        let documents = try engine.read { state in
            guard let data = state.collection(name) else { return [Document]() }
            return Self.select(data, query, sort: sort, skip: options.skip, limit: limit)
        }
        guard let projection else { return documents }
        return documents.map(projection.apply)
    }

    /// Whether a filter value is a plain equality operand (not an operator document, regex or array).
    static func isPlainKey(_ value: BSONValue) -> Bool {
        switch value {
        case .document(let d): return !(d.fieldNames.first?.hasPrefix("$") ?? false)
        case .regex, .array: return false
        default: return true
        }
    }

    func findOne(_ filter: Document, options: FindOptions) async throws -> Document? {
        var one = options
        one.limit = 1
        return try await find(filter, options: one).first
    }

    func countDocuments(_ filter: Document) async throws -> Int {
        try checkName()
        let query = try QueryFilter(filter)
        let name = self.name
        return try engine.read { state in
            guard let data = state.collection(name) else { return 0 }
            if filter.isEmpty { return data.count }
            return data.candidateSlots(for: query).reduce(0) { count, slot in
                guard let document = data.slots[slot], query.matches(document) else { return count }
                return count + 1
            }
        }
    }

    func distinct(_ field: String, filter: Document) async throws -> [BSONValue] {
        try checkName()
        let query = try QueryFilter(filter)
        let path = try FieldPath(field)
        let name = self.name
        return try engine.read { state in
            guard let data = state.collection(name) else { return [BSONValue]() }
            var seen = Set<HashableBSON>()
            var values: [BSONValue] = []
            for slot in data.candidateSlots(for: query) {
                guard let document = data.slots[slot], query.matches(document) else { continue }
                for candidate in path.matchCandidates(in: document) {
                    guard let value = candidate else { continue }
                    let expanded = value.arrayValue ?? [value]
                    for v in expanded where seen.insert(HashableBSON(v)).inserted { values.append(v) }
                }
            }
            return values
        }
    }

    func listIndexes() async throws -> [IndexModel] {
        try checkName()
        let name = self.name
        return try engine.read { state in
            guard let data = state.collection(name) else {
                throw StoreError.namespaceNotFound("ns does not exist: \(state.namespace(name))")
            }
            return data.indexModels
        }
    }
}
