import BSON
import DocumentStore

extension QueryExecutor {
    /// One batch of a query's matches in the plan's order: from `after` (or from the start, past
    /// `skip` matches), at most `count` (at least 1) documents, ending with the one that brings
    /// their BSON to `maximumBytes` or more; and where the next batch resumes, `nil` when the
    /// walk is done.
    mutating func batch(_ query: QueryFilter, plan: QueryPlan, after: ScanPosition?, skip: Int, count: Int,
                        maximumBytes: Int) throws -> (documents: [Document], next: ScanPosition?) {
        var documents: [Document] = []
        var skipped = 0
        var bytes = 0
        var full = false
        try visit(query, plan: plan, after: after, tracking: true) { _, document in
            if skipped < skip {
                skipped += 1
                return true
            }
            documents.append(document)
            bytes += (try? document.bsonBytes().count) ?? 0
            full = documents.count >= count || bytes >= maximumBytes
            return !full
        }
        return (documents, full ? position : nil)
    }
}
