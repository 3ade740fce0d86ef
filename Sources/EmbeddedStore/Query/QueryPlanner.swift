import BSON
import DocumentStore

/// Chooses how a query reaches its candidates: `_id` look-ups or ranges of the collection's own
/// table, or a secondary index's equality prefix (several points multiply out) followed by one
/// range, walked in index order when that order is the requested sort. The matcher re-checks
/// every candidate, so bounds only ever narrow what is read, never what matches.
enum QueryPlanner {
    /// Point combinations past this make an index plan fall back to fewer fields.
    static let maximumPoints = 4096

    /// - Parameter collation: the query's folding collation (its filter already in comparison
    ///   form), or `nil`; only indexes with the same are used, and not `_id`'s (which compares bytes).
    static func plan(_ query: QueryFilter, sort: SortSpec?, collection: Catalog.Entry, collation: Collation? = nil) -> QueryPlan {
        let sortFields = sort?.fields ?? []
        let idSort = idSortDirection(sortFields)
        if collation != nil {
            let best = bestIndex(query, sortFields: sortFields, collection: collection, collation: collation)
            return best?.plan ?? QueryPlan(access: .primary(.all), reverse: idSort == false, providesSort: false)
        }
        if let bounds = query.bounds(for: FieldPath.id, intersectRanges: true) {
            switch bounds {
            case .points(let values):
                var keys = Array(Set(values.map(KeyString.key))).sorted { $0.lexicographicallyPrecedes($1) }
                if idSort == false { keys.reverse() }
                return QueryPlan(access: .idPoints(keys), providesSort: sort == nil || idSort != nil)
            case .range(let range):
                let keyRange = componentRange(range, descending: false)
                let best = bestIndex(query, sortFields: sortFields, collection: collection)
                if let best, best.equalityFields > 0 { return best.plan }
                return QueryPlan(access: .primary(keyRange), reverse: idSort == false, providesSort: sort == nil || idSort != nil)
            }
        }
        if let best = bestIndex(query, sortFields: sortFields, collection: collection) { return best.plan }
        return QueryPlan(access: .primary(.all), reverse: idSort == false, providesSort: sort == nil || idSort != nil, byKey: idSort != nil)
    }

    /// `true`/`false` when the sort is by `_id` alone ascending/descending, else `nil`.
    private static func idSortDirection(_ fields: [(path: FieldPath, ascending: Bool)]) -> Bool? {
        guard fields.count == 1, fields[0].path == FieldPath.id else { return nil }
        return fields[0].ascending
    }

    private struct Candidate {
        var plan: QueryPlan
        var equalityFields: Int
        var score: Int
    }

    private static func bestIndex(_ query: QueryFilter, sortFields: [(path: FieldPath, ascending: Bool)], collection: Catalog.Entry,
                                  collation: Collation? = nil) -> Candidate? {
        var best: Candidate?
        for index in collection.indexes where index.collation == collation {
            guard let candidate = candidate(index, query, sortFields: sortFields) else { continue }
            if best == nil || candidate.score > (best?.score ?? 0) { best = candidate }
        }
        return best
    }

    private static func candidate(_ index: IndexDefinition, _ query: QueryFilter, sortFields: [(path: FieldPath, ascending: Bool)]) -> Candidate? {
        var prefixes: [[UInt8]] = [[]]
        var equalityFields = 0
        var range: ValueRange?
        var excludesMissing = false
        for (i, path) in index.paths.enumerated() {
            guard let bounds = query.bounds(for: path, intersectRanges: !index.multikey) else { break }
            if case .points(let values) = bounds {
                let keys = values.map { index.component($0, field: i) }
                let parts = keys.count == 1 ? keys : Array(Set(keys))
                guard prefixes.count * parts.count <= maximumPoints else { break }
                prefixes = prefixes.flatMap { prefix in parts.map { prefix + $0 } }
                equalityFields += 1
                if !bounds.admitsMissing { excludesMissing = true }
                continue
            }
            if case .range(let r) = bounds {
                range = r
                excludesMissing = true
            }
            break
        }
        if index.model.sparse && !excludesMissing { return nil }
        let order = sortOrder(index, equalityFields: equalityFields, pointCount: prefixes.count, sortFields: sortFields)
        guard equalityFields > 0 || range != nil || (order != nil && !sortFields.isEmpty) else { return nil }
        var ranges: [KeyRange]
        if let range, prefixes.count == 1, prefixes[0].isEmpty {
            // A range on the first field (the common case): no prefix to join.
            ranges = [componentRange(range, descending: index.descending[0])]
        } else if let range {
            let part = componentRange(range, descending: index.descending[equalityFields])
            ranges = prefixes.sorted { $0.lexicographicallyPrecedes($1) }.map { prefix in
                KeyRange(lower: prefix + (part.lower ?? []),
                         upper: part.upper.map { prefix + $0 } ?? KeyString.successor(ofPrefix: prefix))
            }
        } else if equalityFields > 0 {
            ranges = prefixes.sorted { $0.lexicographicallyPrecedes($1) }.map(KeyRange.prefixed)
        } else {
            ranges = [.all]
        }
        let reverse = order ?? false
        if reverse { ranges.reverse() }
        let unique = index.model.unique && equalityFields == index.paths.count
        let score = equalityFields * 4 + (range == nil ? 0 : 2) + (order == nil ? 0 : 1) + (unique ? 8 : 0)
        // Every field pinned to one value: an unsorted query walks the entries of that key as
        // they are (in `_id` order), as MongoDB answers an index scan in index order.
        let natural = sortFields.isEmpty && !index.multikey && range == nil && equalityFields == index.paths.count && prefixes.count == 1
        let plan = QueryPlan(access: .index(index, ranges), reverse: reverse, providesSort: (order != nil && !sortFields.isEmpty) || natural)
        return Candidate(plan: plan, equalityFields: equalityFields, score: score)
    }

    /// Whether walking the index gives the sort: `false` forwards, `true` backwards, `nil` not
    /// at all. Sort fields pinned by equality are constant and skipped; the rest must follow the
    /// index fields after the equality prefix, all in the index's direction or all against it.
    /// A multikey index never gives a sort (an array sorts by its smallest or largest element).
    private static func sortOrder(_ index: IndexDefinition, equalityFields: Int, pointCount: Int, sortFields: [(path: FieldPath, ascending: Bool)]) -> Bool? {
        guard !index.multikey, pointCount == 1 else { return nil }
        guard !sortFields.isEmpty else { return false }
        let pinned = index.paths.prefix(equalityFields)
        let rest = equalityFields == 0 ? sortFields : sortFields.filter { !pinned.contains($0.path) }
        guard rest.count <= index.paths.count - equalityFields else { return nil }
        var reverse: Bool?
        for (offset, field) in rest.enumerated() {
            let position = equalityFields + offset
            guard index.paths[position] == field.path else { return nil }
            let backwards = field.ascending == index.descending[position]
            if let reverse, reverse != backwards { return nil }
            reverse = backwards
        }
        return reverse ?? false
    }

    /// The byte range of one key component holding the values of `range` (descending components
    /// are inverted, so the value range's ends swap).
    static func componentRange(_ range: ValueRange, descending: Bool) -> KeyRange {
        let type = [UInt8(truncatingIfNeeded: range.typeRank)]
        if !descending {
            let lower: [UInt8] = range.lower.map { range.lowerInclusive ? KeyString.key($0) : (KeyString.successor(ofPrefix: KeyString.key($0)) ?? []) } ?? type
            let upper: [UInt8]? = range.upper.map { range.upperInclusive ? KeyString.successor(ofPrefix: KeyString.key($0)) : KeyString.key($0) } ?? KeyString.successor(ofPrefix: type)
            return KeyRange(lower: lower, upper: upper)
        }
        let invertedType = KeyString.inverted(type)
        let lower: [UInt8] = range.upper.map { value in
            let inverted = KeyString.inverted(KeyString.key(value))
            return range.upperInclusive ? inverted : (KeyString.successor(ofPrefix: inverted) ?? [])
        } ?? invertedType
        let upper: [UInt8]? = range.lower.map { value in
            let inverted = KeyString.inverted(KeyString.key(value))
            return range.lowerInclusive ? KeyString.successor(ofPrefix: inverted) : inverted
        } ?? KeyString.successor(ofPrefix: invertedType)
        return KeyRange(lower: lower, upper: upper)
    }
}
