import BSON
import DocumentStore

/// A collection of the embedded store. Cheap to make; reads run on a reader's snapshot, writes
/// in the writer's next group commit.
struct EmbeddedCollection: DocumentCollection {
    let name: String
    let engine: StorageEngine
    /// Whether `name` follows MongoDB's rules, judged once when the handle is made.
    private let nameIsValid: Bool

    init(name: String, engine: StorageEngine) {
        self.name = name
        self.engine = engine
        nameIsValid = Self.isValidName(name)
    }

    /// MongoDB's rules for collection names: not empty, no `$` or NUL, not starting with `.`
    /// or `system.`.
    static func isValidName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first, first != UInt8(ascii: "."), !bytes.starts(with: "system.".utf8) else { return false }
        return !bytes.contains { $0 == 0 || $0 == UInt8(ascii: "$") }
    }

    /// Refuses a name MongoDB would refuse.
    func checkName() throws {
        guard nameIsValid else {
            throw StoreError(code: 73, codeName: "InvalidNamespace", message: "Invalid collection name: '\(name)'")
        }
    }

    func find(_ filter: Document, options: FindOptions) async throws -> [Document] {
        try checkName()
        // A filter that names one `_id` is answered from that document alone, which the cache
        // often holds; any other fields it names (an ownership check: `{_id, user_id}`) are
        // matched against it, as an index scan's candidates are.
        let byId = Self.lookedUpId(filter, options: options)
        if let byId, filter.count == 1 { return try await findById(byId).map { [$0] } ?? [] }
        let (query, collation) = try Self.query(filter, collation: options.collation, variables: options.variables)
        if let byId {
            _ = try Self.limit(options.limit)
            guard let document = try await findById(byId), try query.matches(document) else { return [] }
            return [document]
        }
        let sort = try options.sort.map(SortSpec.init)
        let projection = try options.projection.map(Projection.init)
        guard options.skip >= 0 else { throw StoreError.badValue("skip value must be non-negative, but received: \(options.skip)") }
        let limit = try Self.limit(options.limit)
        let name = self.name
        let skip = options.skip
        let documents = try await engine.read { context -> [Document] in
            guard let entry = context.catalog.collections[name] else { return [] }
            var executor = QueryExecutor(context, collection: entry, collation: collation)
            return try executor.documents(query, sort: sort, skip: skip, limit: limit)
        }
        guard let projection else { return documents }
        return documents.map(projection.apply)
    }

    /// The compiled filter of a read or write, in comparison form under a folding collation,
    /// with the folding collation it is matched under.
    static func query(_ filter: Document, collation: Collation?, variables: Document) throws -> (QueryFilter, Collation?) {
        let folding = Collation.folding(collation)
        return (try QueryFilter(folding.map { $0.filterKey(filter) } ?? filter, variables: variables), folding)
    }

    /// A limit as MongoDB reads it: 0 is none, a negative one counts as its magnitude.
    static func limit(_ limit: Int?) throws -> Int? {
        guard let limit, limit != 0 else { return nil }
        guard limit != Int.min else { throw StoreError.badValue("limit value is out of range: \(limit)") }
        return abs(limit)
    }

    /// A `{_id: value}` look-up: from the document cache when it holds the document, else from
    /// a reader's snapshot (then cached).
    private func findById(_ id: BSONValue) async throws -> Document? {
        let idKey = KeyString.key(id)
        let cache = engine.cache
        let name = self.name
        if let cached = cache.document(collection: name, idKey: idKey) { return cached }
        let epoch = cache.epoch
        return try await engine.read { context -> Document? in
            guard let entry = context.catalog.collections[name] else { return nil }
            let rows = TableAccess(connection: context.connection)
            let found = try idKey.withUnsafeBytes { key in
                try rows.withValue(table: entry.table, key: idKey) { stored in
                    (try StoredDocument.decode(stored, idKey: key, collection: name), stored.count)
                }
            }
            guard let (document, size) = found else { return nil }
            cache.insert(document, cost: size * 2, collection: name, idKey: idKey, epoch: epoch)
            return document
        }
    }

    /// The `_id` a filter names as a plain value, when the options let `find` answer it from
    /// that one document (no skip, sort, projection, folding collation or `let` variables).
    static func lookedUpId(_ filter: Document, options: FindOptions) -> BSONValue? {
        guard let id = filter["_id"], Self.isPlainKey(id), options.skip == 0, options.sort == nil, options.projection == nil,
              options.collation?.folds != true, options.variables.isEmpty
        else { return nil }
        return id
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
        // Counting a whole table is quick but not short: not on the caller's thread.
        return try await engine.read(inline: !filter.isEmpty) { context in
            guard let entry = context.catalog.collections[name] else { return 0 }
            if filter.isEmpty { return try TableAccess(connection: context.connection).count(table: entry.table) }
            var executor = QueryExecutor(context, collection: entry)
            return try executor.count(query)
        }
    }

    func distinct(_ field: String, filter: Document) async throws -> [BSONValue] {
        try checkName()
        let query = try QueryFilter(filter)
        let path = try FieldPath(field)
        let name = self.name
        return try await engine.read { context in
            guard let entry = context.catalog.collections[name] else { return [BSONValue]() }
            var executor = QueryExecutor(context, collection: entry)
            var seen = Set<HashableBSON>()
            var values: [BSONValue] = []
            try executor.visit(query, plan: QueryPlanner.plan(query, sort: nil, collection: entry)) { _, document in
                for candidate in path.matchCandidates(in: document) {
                    guard let value = candidate else { continue }
                    for v in value.arrayValue ?? [value] where seen.insert(HashableBSON(v)).inserted { values.append(v) }
                }
                return true
            }
            return values
        }
    }

    func listIndexes() async throws -> [IndexModel] {
        try checkName()
        let name = self.name
        let namespace = engine.namespace(name)
        return try await engine.read { context in
            guard let entry = context.catalog.collections[name] else {
                throw StoreError.namespaceNotFound("ns does not exist: \(namespace)")
            }
            return entry.indexModels
        }
    }
}
