import BSON

/// A MongoDB update document compiled for application: `$set $unset $inc $mul $min $max $rename
/// $push` (with `$each $slice $position $sort`) `$addToSet $pull $pop $currentDate $setOnInsert`.
/// Conflicting paths are rejected up front with MongoDB's wording.
public struct UpdateSpec: Sendable {
    enum Operator: String, Sendable {
        case set = "$set", unset = "$unset", inc = "$inc", mul = "$mul", min = "$min", max = "$max"
        case rename = "$rename", push = "$push", addToSet = "$addToSet", pull = "$pull", pop = "$pop"
        case currentDate = "$currentDate", setOnInsert = "$setOnInsert"
    }

    struct Operation: Sendable {
        let op: Operator
        let path: FieldPath
        let operand: BSONValue
        /// For `$rename`: the target path.
        let target: FieldPath?
    }

    let operations: [Operation]
    /// Set for a pipeline update (then `operations` is empty).
    let pipeline: UpdatePipeline?
    /// The filters of `$[name]` path components, by name.
    let arrayFilters: [String: QueryFilter]

    /// Whether the document holds update operators (`$set`, …) rather than a replacement.
    public static func isOperatorDocument(_ document: Document) -> Bool {
        document.fieldNames.first?.hasPrefix("$") ?? false
    }

    /// Compiles an update document: update operators, or a pipeline (see `UpdatePipeline`).
    /// - Throws: `StoreError` — FailedToParse for unknown modifiers or a non-operator document,
    ///   ConflictingUpdateOperators for overlapping paths, BadValue/TypeMismatch for bad operands.
    public init(_ update: Document, arrayFilters: [Document] = [], variables: [String: BSONValue] = [:]) throws {
        if UpdatePipeline.isPipeline(update) {
            guard arrayFilters.isEmpty else { throw StoreError.failedToParse("arrayFilters may not be specified for pipeline-style updates") }
            pipeline = try UpdatePipeline(UpdatePipeline.stages(of: update), variables: variables)
            operations = []
            self.arrayFilters = [:]
            return
        }
        pipeline = nil
        try UpdateSpec.requireOperators(update)
        var operations: [Operation] = []
        for (key, value) in update {
            guard let op = Operator(rawValue: key) else {
                if key.hasPrefix("$") {
                    throw StoreError.failedToParse("Unknown modifier: \(key). Expected a valid update modifier or pipeline-style update specified as an array")
                }
                throw StoreError.failedToParse("Update document must contain atomic operators, found field '\(key)'")
            }
            guard case .document(let fields) = value else {
                throw StoreError.failedToParse("Modifiers operate on fields but we found type \(value.type) instead. For example: {$mod: {<field>: ...}} not {\(key): \(value.extendedJSON())}")
            }
            for (path, operand) in fields {
                operations.append(try UpdateSpec.operation(op, path, operand))
            }
        }
        try UpdateSpec.checkConflicts(operations)
        let filters = try UpdateSpec.parseArrayFilters(arrayFilters)
        try UpdateSpec.checkIdentifiers(operations, filters, update: update)
        self.operations = operations
        self.arrayFilters = filters
    }

    /// Drivers' check of an update: not empty, and its first field an operator.
    /// - Throws: `StoreError.failedToParse`, as the embedded store and MongoDB word it.
    public static func requireOperators(_ update: Document) throws {
        if UpdatePipeline.isPipeline(update) { return }
        guard let first = update.firstField?.key else { throw StoreError.failedToParse("Update document must contain atomic operators") }
        guard first.hasPrefix("$") else {
            throw StoreError.failedToParse("Update document must contain atomic operators, found field '\(first)'")
        }
    }

    /// Drivers' check of a replacement: no top-level operator.
    /// - Throws: `StoreError.badValue`.
    public static func requireReplacement(_ replacement: Document) throws {
        if let key = replacement.fieldNames.first(where: { $0.hasPrefix("$") }) {
            throw StoreError.badValue("the replace operation document must not contain atomic operators (found \(key))")
        }
    }

    private static func operation(_ op: Operator, _ path: String, _ operand: BSONValue) throws -> Operation {
        let fieldPath = try FieldPath(path)
        switch op {
        case .inc, .mul:
            guard operand.numericDouble != nil || { if case .decimal128 = operand { return true } else { return false } }() else {
                throw StoreError.typeMismatch("Cannot \(op == .inc ? "increment" : "multiply") with non-numeric argument: {\(path): \(operand.extendedJSON())}")
            }
        case .rename:
            guard case .string(let target) = operand else {
                throw StoreError.badValue("The 'to' field for $rename must be a string: \(path): \(operand.extendedJSON())")
            }
            let targetPath = try FieldPath(target)
            guard targetPath != fieldPath else {
                throw StoreError.badValue("The source and target field for $rename must differ: \(path): \"\(target)\"")
            }
            guard !targetPath.isPrefix(of: fieldPath), !fieldPath.isPrefix(of: targetPath) else {
                throw StoreError.badValue("The source and target field for $rename must not be on the same path: \(path): \"\(target)\"")
            }
            return Operation(op: op, path: fieldPath, operand: operand, target: targetPath)
        case .pop:
            guard let n = operand.exactInt64, n == 1 || n == -1 else {
                throw StoreError.failedToParse("$pop expects 1 or -1, found: \(operand.extendedJSON())")
            }
        case .currentDate:
            switch operand {
            case .bool: break
            case .document(let d) where d.count == 1 && (d["$type"] == "date" || d["$type"] == "timestamp"): break
            default:
                throw StoreError.badValue("\(operand.extendedJSON()) is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).")
            }
        case .push, .addToSet:
            if case .document(let d) = operand, d["$each"] != nil {
                guard case .array = d["$each"] else {
                    throw StoreError.badValue("The argument to $each in \(op.rawValue) must be an array but it was of type: \(d["$each"]?.type ?? .null)")
                }
                let allowed: Set<String> = op == .push ? ["$each", "$slice", "$position", "$sort"] : ["$each"]
                if let bad = d.fieldNames.first(where: { !allowed.contains($0) }) {
                    throw StoreError.badValue("Unrecognized clause in \(op.rawValue): \(bad)")
                }
            }
        default: break
        }
        return Operation(op: op, path: fieldPath, operand: operand, target: nil)
    }

    private static func checkConflicts(_ operations: [Operation]) throws {
        var paths: [FieldPath] = []
        for operation in operations {
            paths.append(operation.path)
            if let target = operation.target { paths.append(target) }
        }
        for i in paths.indices {
            for j in paths.indices where j > i {
                let (a, b) = (paths[i], paths[j])
                if a.isPrefix(of: b) || b.isPrefix(of: a) {
                    let (longer, shorter) = a.components.count >= b.components.count ? (a, b) : (b, a)
                    throw StoreError.conflictingUpdateOperators("Updating the path '\(longer)' would create a conflict at '\(shorter)'")
                }
            }
        }
    }
}
