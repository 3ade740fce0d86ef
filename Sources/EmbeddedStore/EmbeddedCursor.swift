import BSON
import DocumentStore
import Synchronization

/// A `find` read a batch at a time: each batch resumes the plan's walk where the last one
/// stopped, in a read (a snapshot) of its own, so memory holds one batch whatever the size of
/// the result. A sort that no index provides needs every match first: then the matches are
/// sorted once and handed out from memory, as before.
final class EmbeddedCursor: DocumentCursor {
    /// What the query is, fixed when the cursor opens.
    struct Query: Sendable {
        let filter: QueryFilter
        let collation: Collation?
        let sort: SortSpec?
        let projection: Projection?
        let skip: Int
        let limit: Int?
    }

    private struct State: Sendable {
        var inUse = false
        /// The plan of the first batch (the walk resumes in the same plan), and the table of the
        /// collection it walked.
        var plan: QueryPlan?
        var table: String?
        var position: ScanPosition?
        /// Results still to hand out under the limit (`nil`: no limit).
        var remaining: Int?
        /// A sorted result held whole.
        var sorted: ArraySlice<Document>?
        var exhausted = false
    }

    /// What one read returns.
    private struct Batch: Sendable {
        var documents: [Document]
        var next: ScanPosition?
        var plan: QueryPlan?
        var table: String?
        var sorted: ArraySlice<Document>?
    }

    private let engine: StorageEngine
    private let name: String
    private let query: Query
    private let state: Mutex<State>

    init(engine: StorageEngine, collection: String, query: Query) {
        self.engine = engine
        name = collection
        self.query = query
        state = Mutex(State(remaining: query.limit, exhausted: query.limit == 0))
    }

    var isExhausted: Bool { state.withLock { $0.exhausted } }

    func next(count: Int, maximumBytes: Int) async throws -> [Document] {
        let current = try state.withLock { state -> State in
            guard !state.inUse else { throw StoreError.badValue("cursor is in use by another getMore") }
            state.inUse = true
            return state
        }
        var updated = current
        do {
            let documents = try await read(&updated, count: count, maximumBytes: maximumBytes)
            updated.inUse = false
            state.withLock { [updated] in $0 = updated }
            return query.projection.map { projection in documents.map(projection.apply) } ?? documents
        } catch {
            state.withLock { $0.inUse = false }
            throw error
        }
    }

    private func read(_ state: inout State, count: Int, maximumBytes: Int) async throws -> [Document] {
        let wanted = min(count, state.remaining ?? .max)
        guard !state.exhausted, wanted > 0 else { return [] }
        if var sorted = state.sorted {
            let batch = MaterializedCursor.take(&sorted, count: wanted, maximumBytes: maximumBytes)
            state.sorted = sorted
            finish(&state, returned: batch.count, more: !sorted.isEmpty)
            return batch
        }
        let (name, query, resume) = (self.name, self.query, state)
        // (A batch larger than an inline read may take goes straight to a reader thread.)
        let batch = try await engine.read(inline: wanted < InlineReaders.budget) { context -> Batch in
            guard let entry = context.catalog.collections[name] else {
                if resume.plan == nil { return Batch(documents: []) }
                throw StoreError.queryPlanKilled("collection \(name) was dropped while its cursor was open")
            }
            var executor = QueryExecutor(context, collection: entry, collation: query.collation)
            guard let plan = resume.plan else {
                let plan = QueryPlanner.plan(query.filter, sort: query.sort, collection: entry, collation: query.collation)
                if query.sort != nil && !plan.providesSort {
                    var sorted = try executor.documents(query.filter, sort: query.sort, skip: query.skip, limit: query.limit)[...]
                    let documents = MaterializedCursor.take(&sorted, count: wanted, maximumBytes: maximumBytes)
                    return Batch(documents: documents, sorted: sorted)
                }
                let (documents, next) = try executor.batch(query.filter, plan: plan, after: nil, skip: query.skip, count: wanted, maximumBytes: maximumBytes)
                return Batch(documents: documents, next: next, plan: plan, table: entry.table)
            }
            try Self.check(plan, walked: resume.table, in: entry)
            let (documents, next) = try executor.batch(query.filter, plan: plan, after: resume.position, skip: 0, count: wanted, maximumBytes: maximumBytes)
            return Batch(documents: documents, next: next, plan: plan, table: entry.table)
        }
        if let sorted = batch.sorted {
            state.sorted = sorted
            finish(&state, returned: batch.documents.count, more: !sorted.isEmpty)
        } else {
            (state.plan, state.table, state.position) = (batch.plan, batch.table, batch.next)
            finish(&state, returned: batch.documents.count, more: batch.next != nil)
        }
        return batch.documents
    }

    private func finish(_ state: inout State, returned: Int, more: Bool) {
        if let remaining = state.remaining { state.remaining = remaining - returned }
        state.exhausted = !more || state.remaining == 0
    }

    /// Throws when the walk cannot resume: the collection was dropped (and perhaps made again)
    /// or the index it walks was dropped.
    private static func check(_ plan: QueryPlan, walked table: String?, in entry: Catalog.Entry) throws {
        guard entry.table == table else {
            throw StoreError.queryPlanKilled("collection \(entry.name) was dropped while its cursor was open")
        }
        if case .index(let index, _) = plan.access, !entry.indexes.contains(where: { $0.table == index.table }) {
            throw StoreError.queryPlanKilled("index \(index.name) of \(entry.name) was dropped while its cursor was open")
        }
    }
}
