import BSON

/// `arrayFilters` and the all-positional operators: a path component `$[]` stands for every
/// element of the array there, and `$[name]` for the elements that match the array filter whose
/// top-level field is `name` (the filter sees the element as the value of `name`).
extension UpdateSpec {
    /// The array filters by identifier.
    /// - Throws: `StoreError` with MongoDB's codes and wording: 9 FailedToParse for an empty
    ///   filter, several identifiers in one filter or one identifier in two; 2 BadValue for a
    ///   name that is not alphanumeric starting with a lowercase letter.
    static func parseArrayFilters(_ filters: [Document]) throws -> [String: QueryFilter] {
        var parsed: [String: QueryFilter] = [:]
        for filter in filters {
            var names = Set<String>()
            collectIdentifiers(filter, into: &names)
            guard let name = names.first else {
                throw StoreError.failedToParse("Cannot use an expression without a top-level field name in arrayFilters")
            }
            guard names.count == 1 else {
                let sorted = names.sorted()
                throw StoreError.failedToParse("Error parsing array filter :: caused by :: Expected a single top-level field name, found '\(sorted[0])' and '\(sorted[1])'")
            }
            guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
                  name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
                throw StoreError.badValue("Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '\(name)'")
            }
            guard parsed[name] == nil else {
                throw StoreError.failedToParse("Found multiple array filters with the same top-level field name \(name)")
            }
            parsed[name] = try QueryFilter(filter)
        }
        return parsed
    }

    /// The first components of a filter's paths, also inside `$and`, `$or` and `$nor`.
    private static func collectIdentifiers(_ filter: Document, into names: inout Set<String>) {
        for (key, value) in filter {
            if ["$and", "$or", "$nor"].contains(key), case .array(let clauses) = value {
                for case .document(let clause) in clauses { collectIdentifiers(clause, into: &names) }
            } else if !key.hasPrefix("$") {
                names.insert(String(key.prefix { $0 != "." }))
            }
        }
    }

    /// The identifier of a `$[name]` component; "" for `$[]`; `nil` for any other component.
    static func positionalIdentifier(_ component: String) -> String? {
        guard component.hasPrefix("$["), component.hasSuffix("]") else { return nil }
        return String(component.dropFirst(2).dropLast())
    }

    /// Every identifier the operations use has a filter, and every filter is used.
    static func checkIdentifiers(_ operations: [Operation], _ filters: [String: QueryFilter], update: Document) throws {
        var used = Set<String>()
        for operation in operations {
            for component in operation.path.components {
                guard let name = positionalIdentifier(component) else { continue }
                if operation.op == .rename {
                    throw StoreError.badValue("The source field for $rename may not be dynamic: \(operation.path)")
                }
                guard !name.isEmpty else { continue }
                guard filters[name] != nil else {
                    throw StoreError.badValue("No array filter found for identifier '\(name)' in path '\(operation.path)'")
                }
                used.insert(name)
            }
            if let target = operation.target, target.components.contains(where: { positionalIdentifier($0) != nil }) {
                throw StoreError.badValue("The destination field for $rename may not be dynamic: \(target)")
            }
        }
        if let unused = filters.keys.sorted().first(where: { !used.contains($0) }) {
            throw StoreError.failedToParse("The array filter for identifier '\(unused)' was not used in the update \(update.extendedJSON())")
        }
    }

    /// The concrete paths a path with `$[]`/`$[name]` components stands for in `document`
    /// (the path itself when it has none).
    /// - Throws: 2 BadValue when an all-positional component does not meet an array.
    func concretePaths(_ path: FieldPath, in document: Document) throws -> [FieldPath] {
        guard path.components.contains(where: { Self.positionalIdentifier($0) != nil }) else { return [path] }
        var current: [(components: [String], value: BSONValue?)] = [([], .document(document))]
        for component in path.components {
            guard let name = Self.positionalIdentifier(component) else {
                current = current.map { ($0.components + [component], Self.child($0.value, component)) }
                continue
            }
            var next: [(components: [String], value: BSONValue?)] = []
            for (components, value) in current {
                guard case .array(let items)? = value else {
                    throw StoreError.badValue("The path '\(components.joined(separator: "."))' must exist in the document in order to apply array updates.")
                }
                for (index, element) in items.enumerated() {
                    if !name.isEmpty {
                        guard let filter = arrayFilters[name], try filter.matches([name: element]) else { continue }
                    }
                    next.append((components + [String(index)], element))
                }
            }
            current = next
        }
        return current.map { FieldPath(components: $0.components) }
    }

    /// The value under one path component, without array expansion.
    private static func child(_ value: BSONValue?, _ component: String) -> BSONValue? {
        switch value {
        case .document(let d)?: return d[component]
        case .array(let items)?:
            guard let index = Int(component), items.indices.contains(index) else { return nil }
            return items[index]
        default: return nil
        }
    }
}
