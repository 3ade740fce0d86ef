import BSON
import DocumentStore
import SQLite

/// Runs queries over one connection's snapshot: plans them, walks the chosen access, decodes
/// and checks each candidate, and counts what it examined (for `explain`).
struct QueryExecutor {
    let rows: TableAccess
    let collection: Catalog.Entry
    /// Rows this query may read before it gives up (`ReadBudgetExceeded`): a read on the
    /// caller's thread must stay short, so a longer one is handed to a reader thread.
    let budget: Int
    /// The query's folding collation: its filter is in comparison form, and each candidate is
    /// matched (and sorted) in comparison form too.
    let collation: Collation?
    private(set) var keysExamined = 0
    private(set) var documentsExamined = 0
    private(set) var plan: QueryPlan?
    /// The running visit's matcher over stored bytes, and otherwise the fields it decodes first
    /// (see `visit`). Kept here, not in locals its closures capture: a captured local needs a
    /// run-time exclusivity check at every row, a property of `self` (inout there) does not.
    private var bytesMatcher: StoredBytesMatcher?
    private var selection: [[UInt8]] = []
    /// With `tracking`, where the running visit is: set before each candidate is considered.
    private(set) var position: ScanPosition?

    init(connection: SQLiteConnection, collection: Catalog.Entry, budget: Int = .max, collation: Collation? = nil) {
        rows = TableAccess(connection: connection)
        self.collection = collection
        self.budget = budget
        self.collation = Collation.folding(collation)
    }

    /// Creates the executor for a read's context.
    init(_ context: ReaderPool.Context, collection: Catalog.Entry, collation: Collation? = nil) {
        self.init(connection: context.connection, collection: collection, budget: context.budget, collation: collation)
    }

    /// The document as the filter compares it.
    private func comparable(_ document: Document) -> Document { collation.map { $0.key(document) } ?? document }

    /// Counts one row read, against the budget.
    private mutating func examine(key: Bool) throws {
        if key { keysExamined += 1 } else { documentsExamined += 1 }
        if keysExamined + documentsExamined > budget { throw ReadBudgetExceeded() }
    }

    /// One matching document and its `_id` key.
    struct Match {
        let idKey: [UInt8]
        let document: Document
    }

    /// The matching documents with their `_id` keys (for writes), sorted, skipped and limited.
    mutating func select(_ query: QueryFilter, sort: SortSpec?, skip: Int, limit: Int?) throws -> [Match] {
        try collect(query, sort: sort, skip: skip, limit: limit, document: \.document) { Match(idKey: [UInt8]($0), document: $1) }
    }

    /// The matching documents, sorted, skipped and limited.
    mutating func documents(_ query: QueryFilter, sort: SortSpec?, skip: Int, limit: Int?) throws -> [Document] {
        try collect(query, sort: sort, skip: skip, limit: limit, document: { $0 }) { $1 }
    }

    /// What `make` makes of each match, sorted, skipped and limited; a walk in the sort's
    /// order stops as soon as it has `skip + limit`. A sort the walk does not provide keeps, with
    /// a limit, only the best `skip + limit` matches seen so far (sorted and cut back whenever it
    /// holds twice that), so memory holds what is returned, not every match.
    private mutating func collect<T>(_ query: QueryFilter, sort: SortSpec?, skip: Int, limit: Int?, document: @escaping (T) -> Document,
                                     make: (UnsafeRawBufferPointer, Document) -> T) throws -> [T] {
        let plan = QueryPlanner.plan(query, sort: sort, collection: collection, collation: collation)
        let ordered = sort == nil || plan.providesSort
        let (wanted, overflow) = limit.map { skip.addingReportingOverflow($0) } ?? (nil, false)
        let stopAt = ordered && !overflow ? wanted : nil
        let kept = !ordered && !overflow ? wanted.map { max($0, 1) } : nil
        var matches: [T] = []
        if let stopAt { matches.reserveCapacity(min(stopAt, 64)) }
        // (The fold is taken out of `self`, which `visit` holds while the closure runs.)
        let fold = collation
        let sortKey = { (item: T) in fold.map { $0.key(document(item)) } ?? document(item) }
        try visit(query, plan: plan) { idKey, found in
            matches.append(make(idKey, found))
            if let stopAt, matches.count >= stopAt { return false }
            if let kept, let sort, matches.count >= max(2 * kept, 256) {
                // A stable sort keeps, among equals, those seen first: as the whole sort would.
                matches = Array(sort.sorted(matches, by: sortKey).prefix(kept))
            }
            return true
        }
        if !ordered, let sort { matches = sort.sorted(matches, by: sortKey) }
        let start = min(skip, matches.count)
        let end = limit.map { min(matches.count, start + min($0, matches.count)) } ?? matches.count
        if start == 0 && end == matches.count { return matches }
        return Array(matches[start..<end])
    }

    /// How many documents match.
    mutating func count(_ query: QueryFilter) throws -> Int {
        var count = 0
        try visit(query, plan: QueryPlanner.plan(query, sort: nil, collection: collection, collation: collation), decoding: false) { _, _ in
            count += 1
            return true
        }
        return count
    }

    /// Calls `body` with every matching document and its `_id` key (natural order unless the
    /// plan provides a sort) until it returns `false`. The key's bytes are valid only during the
    /// call. With `decoding` false, `body` gets an empty document (counting needs none).
    /// From `after` the walk resumes where an earlier one stopped (in the same plan); with
    /// `tracking`, `position` says where it is, for the next resumption.
    mutating func visit(_ query: QueryFilter, plan: QueryPlan, decoding: Bool = true, after: ScanPosition? = nil, tracking: Bool = false,
                        _ body: (UnsafeRawBufferPointer, Document) throws -> Bool) throws {
        self.plan = plan
        position = nil
        let table = collection.table
        let name = collection.name
        let exact = Self.boundsAreExact(query, plan)
        // A filter over top-level fields is tested on the stored bytes, decoding only the fields
        // it names; only a document that matches is decoded whole. (Under a folding collation
        // the whole document is folded first, then matched.)
        bytesMatcher = exact || collation != nil ? nil : query.storedBytesMatcher()
        // Otherwise, in a collection scan (where most documents do not match) the filter is
        // first tried on just the fields it names; through an index candidates mostly match.
        selection = []
        if bytesMatcher == nil, !exact, !query.readsWholeDocument, case .primary(let range) = plan.access, range == .all {
            selection = query.topLevelFields.map { Array($0.utf8) }
        }
        /// `false` when `body` says stop.
        func consider(_ idKey: UnsafeRawBufferPointer, _ stored: UnsafeRawBufferPointer) throws -> Bool {
            try examine(key: false)
            let bson = try StoredDocument.verified(stored, idKey: idKey, collection: name)
            var matched = exact
            if !matched, bytesMatcher != nil {
                do {
                    matched = try bytesMatcher?.matches(bson) ?? false
                } catch let error as BSONError {
                    throw StoredDocument.damaged(name, "is not valid BSON (\(error))")
                }
                guard matched else { return true }
            }
            if !matched, !selection.isEmpty {
                let partial = try StoredDocument.decoding(name) { try Document(bsonBytes: bson, selecting: selection) }
                guard try query.matches(comparable(partial)) else { return true }
            }
            if !decoding, matched { return try body(idKey, [:]) }
            let document = try StoredDocument.decoding(name) { try Document(bsonBytes: bson) }
            guard try matched || query.matches(comparable(document)) else { return true }
            return try body(idKey, document)
        }
        /// Considers the document stored under `idKey`; `nil` when there is none.
        func fetch(_ idKey: [UInt8]) throws -> Bool? {
            try rows.withValue(table: table, key: idKey) { stored in try idKey.withUnsafeBytes { try consider($0, stored) } }
        }
        /// Considers the document in row `row`, which an index entry for `idKey` names (its
        /// checksum covers the `_id` key, so a row holding another document reads as damage).
        func fetch(row: Int64, idKey: [UInt8]) throws -> Bool? {
            try rows.withDocument(table: table, row: row) { stored in try idKey.withUnsafeBytes { try consider($0, stored) } }
        }
        switch plan.access {
        case .idPoints(let keys):
            for (done, key) in keys.enumerated().dropFirst(after?.point ?? 0) {
                try examine(key: true)
                if tracking { position = .point(done + 1) }
                guard try fetch(key) ?? true else { return }
            }
        case .primary(let range) where range == .all && !plan.byKey:
            try rows.scanDocuments(table: table, order: .natural(after: after?.row), reverse: plan.reverse) { key, value, row in
                try examine(key: true)
                if tracking { position = .row(row) }
                return try consider(key, value)
            }
        case .primary(let range):
            let rest = after?.keyed.map { range.after($0.key, reverse: plan.reverse) } ?? range
            try rows.scanDocuments(table: table, order: .key(rest), reverse: plan.reverse) { key, value, _ in
                try examine(key: true)
                if tracking { position = .key(range: 0, key: Array(key)) }
                return try consider(key, value)
            }
        case .index(let index, let ranges):
            var found: [(row: Int64, idKey: [UInt8])] = []
            var seen = Set<Int64>()
            if plan.providesSort {
                // In index order: entries and their documents in one walk.
                let resumed = after?.keyed
                for (number, range) in ranges.enumerated() where number >= resumed?.range ?? 0 {
                    var stop = false
                    let rest = number == resumed?.range ? range.after(resumed?.key ?? [], reverse: plan.reverse) : range
                    try rows.scanJoined(index: index.table, documents: table, range: rest, reverse: plan.reverse) { key, value, stored in
                        try examine(key: true)
                        if tracking { position = .key(range: number, key: Array(key)) }
                        let idKey = try StoredIndexEntry.checkedIdKey(key: key, value: value, index: index.name)
                        guard let stored else { throw danglingEntry(index) }
                        stop = try !consider(idKey, stored)
                        return !stop
                    }
                    if stop { return }
                }
                return
            }
            for range in ranges {
                try rows.scanEntries(table: index.table, range: range, reverse: plan.reverse) { key, value, row in
                    try examine(key: true)
                    if let done = after?.row, row <= done { return true }
                    let idKey = try StoredIndexEntry.idKey(key: key, value: value, index: index.name)
                    // Only an index holding arrays can list a document twice.
                    if !index.multikey || seen.insert(row).inserted { found.append((row, idKey)) }
                    return true
                }
            }
            // Natural (insertion) order, as a collection scan would give.
            found.sort { $0.row < $1.row }
            for (row, idKey) in found {
                if tracking { position = .row(row) }
                guard let proceed = try fetch(row: row, idKey: idKey) else { throw danglingEntry(index) }
                guard proceed else { return }
            }
        }
    }

    /// Whether every candidate the plan reads matches for sure, so the matcher need not check:
    /// the filter is exactly the bounds on the first field of an index that holds no arrays and
    /// leaves no document out (not sparse), or on `_id`.
    static func boundsAreExact(_ query: QueryFilter, _ plan: QueryPlan) -> Bool {
        switch plan.access {
        case .index(let index, _):
            guard !index.multikey, !index.model.sparse, let first = index.paths.first else { return false }
            return query.isExactlyBounded(by: first)
        case .idPoints, .primary(_):
            if case .primary(let range) = plan.access, range == .all { return false }
            return query.isExactlyBounded(by: FieldPath.id)
        }
    }

    /// Thrown when a query reads past its budget.
    struct ReadBudgetExceeded: Error {}

    private func danglingEntry(_ index: IndexDefinition) -> StoreError {
        StoreError.storageFailure("index \(index.name) of \(collection.name) names a document that does not exist: the data file is damaged; run `speakai verify`")
    }
}
