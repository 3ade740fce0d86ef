import BSON
import DocumentStore

/// Runs an aggregation pipeline in memory: `$match $sort $skip $limit $project $addFields/$set
/// $unset $group $count $unwind $lookup $replaceRoot`. A leading `$match` is pushed into the
/// store's query.
struct AggregationPipeline {
    let stages: [(name: String, argument: BSONValue)]
    /// A final `$out` or `$merge` stage (see `AggregationOutput`), kept apart from `stages`.
    let output: (name: String, argument: BSONValue)?
    /// The command's `let` document, and its values as constants for expressions.
    private(set) var variables: Document = [:]
    private var constants: [String: BSONValue] = [:]

    /// A pipeline whose expressions read the `let` constants as `$$name`.
    init(_ pipeline: [BSONValue], variables: Document) throws {
        try self.init(pipeline)
        self.variables = variables
        constants = try QueryFilter.constants(variables)
    }

    init(_ pipeline: [BSONValue]) throws {
        var stages: [(name: String, argument: BSONValue)] = try pipeline.map { stage in
            guard let d = stage.documentValue, d.count == 1, let first = d.firstField else {
                throw WireCommandError(code: 40323, codeName: "Location40323", message: "A pipeline stage specification object must contain exactly one field.")
            }
            return (first.key, first.value)
        }
        let writesOut: ((name: String, argument: BSONValue)) -> Bool = { $0.name == "$out" || $0.name == "$merge" }
        if let last = stages.last, writesOut(last) {
            output = last
            stages.removeLast()
        } else {
            output = nil
        }
        if let misplaced = stages.first(where: writesOut) {
            throw WireCommandError(code: 40601, codeName: "Location40601", message: "\(misplaced.name) can only be the final stage in the pipeline")
        }
        self.stages = stages
    }

    func run(on collection: any DocumentCollection, collectionNamed: (String) throws -> any DocumentCollection) async throws -> [Document] {
        var remaining = stages[...]
        var filter = Document()
        if let first = remaining.first, first.name == "$match", let match = first.argument.documentValue {
            filter = match
            remaining = remaining.dropFirst()
        }
        var documents = try await collection.find(filter, options: FindOptions(variables: variables))
        for stage in remaining {
            documents = try await apply(stage.name, stage.argument, to: documents, collectionNamed: collectionNamed)
        }
        return documents
    }

    private func apply(_ name: String, _ argument: BSONValue, to documents: [Document], collectionNamed: (String) throws -> any DocumentCollection) async throws -> [Document] {
        switch name {
        case "$match":
            let filter = try QueryFilter(try Self.document(argument, name), variables: variables)
            return try documents.filter(filter.matches)
        case "$sort": return try SortSpec(try Self.document(argument, name)).sorted(documents)
        case "$skip": return Array(documents.dropFirst(max(0, try Self.integer(argument, name))))
        case "$limit": return Array(documents.prefix(max(0, try Self.integer(argument, name))))
        case "$count":
            guard let field = argument.stringValue, !field.isEmpty, !field.hasPrefix("$") else { throw WireCommandError.badValue("the count field must be a non-empty string") }
            return documents.isEmpty ? [] : [[field: .int32(Int32(clamping: documents.count))]]
        case "$project": return try project(try Self.document(argument, name), documents)
        case "$addFields", "$set":
            let fields = try Self.document(argument, name)
            return try documents.map { document in
                var out = document
                for (key, expression) in fields { out[key] = try AggregationExpression.evaluate(expression, in: document, variables: constants) ?? .null }
                return out
            }
        case "$unset":
            let fields = argument.stringValue.map { [$0] } ?? argument.arrayValue?.compactMap(\.stringValue) ?? []
            return documents.map { document in
                var out = document
                for field in fields { _ = out.removeValue(forKey: field) }
                return out
            }
        case "$replaceRoot":
            guard let root = try Self.document(argument, name)["newRoot"] else { throw WireCommandError.badValue("$replaceRoot needs newRoot") }
            return try documents.map { document in
                guard case .document(let replaced)? = try AggregationExpression.evaluate(root, in: document, variables: constants) else {
                    throw WireCommandError(code: 40228, codeName: "Location40228", message: "'newRoot' expression must evaluate to an object")
                }
                return replaced
            }
        case "$group": return try AggregationGroup(try Self.document(argument, name)).run(documents)
        case "$unwind": return try unwind(argument, documents)
        case "$lookup": return try await lookup(try Self.document(argument, name), documents, collectionNamed: collectionNamed)
        default:
            throw WireCommandError(code: 40324, codeName: "Location40324", message: "Unrecognized pipeline stage name: '\(name)'")
        }
    }

    static func document(_ argument: BSONValue, _ stage: String) throws -> Document {
        guard let d = argument.documentValue else { throw WireCommandError.typeMismatch("the \(stage) stage takes a document") }
        return d
    }

    static func integer(_ argument: BSONValue, _ stage: String) throws -> Int {
        guard let n = argument.integerValue else { throw WireCommandError.typeMismatch("the \(stage) stage takes a whole number") }
        return n
    }

    private func project(_ spec: Document, _ documents: [Document]) throws -> [Document] {
        try documents.map { try AggregationProjection.apply(spec, to: $0, variables: constants) }
    }

    private func unwind(_ argument: BSONValue, _ documents: [Document]) throws -> [Document] {
        let spec = argument.documentValue ?? ["path": argument]
        guard let path = spec["path"]?.stringValue, path.hasPrefix("$") else { throw WireCommandError.badValue("$unwind needs a path starting with '$'") }
        let field = String(path.dropFirst())
        let keepEmpty = spec["preserveNullAndEmptyArrays"]?.boolValue ?? false
        let indexField = spec["includeArrayIndex"]?.stringValue
        var out: [Document] = []
        for document in documents {
            let value = try FieldPath(field).value(in: document)
            guard case .array(let items)? = value else {
                if value != nil && !(value?.isNull ?? true) { out.append(document) } else if keepEmpty { out.append(document) }
                continue
            }
            if items.isEmpty && keepEmpty { out.append(document) }
            for (index, item) in items.enumerated() {
                var copy = document
                copy[field] = item
                if let indexField { copy[indexField] = .int64(Int64(index)) }
                out.append(copy)
            }
        }
        return out
    }

    private func lookup(_ spec: Document, _ documents: [Document], collectionNamed: (String) throws -> any DocumentCollection) async throws -> [Document] {
        guard let from = spec["from"]?.stringValue, let local = spec["localField"]?.stringValue, let foreign = spec["foreignField"]?.stringValue,
            let alias = spec["as"]?.stringValue
        else { throw WireCommandError.notImplemented("$lookup without from, localField, foreignField and as") }
        let others = try await collectionNamed(from).find(Document(), options: FindOptions())
        let foreignPath = try FieldPath(foreign), localPath = try FieldPath(local)
        return try documents.map { document in
            let value = try localPath.value(in: document) ?? .null
            let keys = value.arrayValue ?? [value]
            var copy = document
            copy[alias] = .array(others.filter { other in
                let theirs = (try? foreignPath.value(in: other)) ?? nil ?? .null
                let candidates = theirs.arrayValue ?? [theirs]
                return candidates.contains { candidate in keys.contains { BSONOrder.equal($0, candidate) } }
            }.map(BSONValue.document))
            return copy
        }
    }
}
