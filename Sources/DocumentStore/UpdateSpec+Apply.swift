import BSON

extension UpdateSpec {
    /// Applies the update to a document in place; `isInsert` enables `$setOnInsert` (upserts).
    /// Returns whether the document changed.
    /// - Throws: `StoreError` with MongoDB's codes and wording (TypeMismatch for `$inc` on a
    ///   string, BadValue for `$push` onto a non-array, ImmutableField for a changed `_id`, …).
    @discardableResult
    public func apply(to document: inout Document, isInsert: Bool = false, now: BSONDateTime = .now) throws -> Bool {
        let original = document
        if let pipeline {
            document = try pipeline.apply(to: document)
            return document != original
        }
        for operation in operations {
            for path in try concretePaths(operation.path, in: document) {
                let concrete = path == operation.path ? operation : Operation(op: operation.op, path: path, operand: operation.operand, target: operation.target)
                try apply(concrete, to: &document, isInsert: isInsert, now: now)
            }
        }
        if let id = original["_id"], document["_id"] != id {
            throw StoreError.immutableField("Performing an update on the path '_id' would modify the immutable field '_id'")
        }
        return document != original
    }

    private func idText(_ document: Document) -> String {
        "{_id: \(document["_id"]?.extendedJSON() ?? "null")}"
    }

    private func apply(_ operation: Operation, to document: inout Document, isInsert: Bool, now: BSONDateTime) throws {
        let path = operation.path
        let operand = operation.operand
        let current = path.value(in: document)
        switch operation.op {
        case .set:
            try PathMutation.set(operand, at: path, in: &document)
        case .setOnInsert:
            if isInsert { try PathMutation.set(operand, at: path, in: &document) }
        case .unset:
            PathMutation.unset(path, in: &document)
        case .inc, .mul:
            let multiply = operation.op == .mul
            guard let existing = current else {
                try PathMutation.set(multiply ? zero(like: operand) : operand, at: path, in: &document)
                return
            }
            guard isNumber(existing) else {
                throw StoreError.typeMismatch("Cannot apply \(operation.op.rawValue) to a value of non-numeric type. \(idText(document)) has the field '\(path.components.last ?? "")' of non-numeric type \(typeName(existing))")
            }
            try PathMutation.set(arithmetic(existing, operand, multiply: multiply), at: path, in: &document)
        case .min, .max:
            if let existing = current {
                let c = BSONOrder.compare(operand, existing)
                guard operation.op == .min ? c < 0 : c > 0 else { return }
            }
            try PathMutation.set(operand, at: path, in: &document)
        case .rename:
            guard let value = current, let target = operation.target else { return }
            PathMutation.unset(path, in: &document)
            try PathMutation.set(value, at: target, in: &document)
        case .currentDate:
            if case .document(let d) = operand, d["$type"] == "timestamp" {
                let seconds = UInt32(clamping: now.millisecondsSinceEpoch / 1000)
                try PathMutation.set(.timestamp(BSONTimestamp(seconds: seconds, increment: 1)), at: path, in: &document)
            } else {
                try PathMutation.set(.datetime(now), at: path, in: &document)
            }
        case .push, .addToSet, .pull, .pop:
            try applyArrayOperation(operation, current: current, to: &document)
        }
    }

    private func applyArrayOperation(_ operation: Operation, current: BSONValue?, to document: inout Document) throws {
        let path = operation.path
        var elements: [BSONValue]
        switch current {
        case nil:
            if operation.op == .pull || operation.op == .pop { return }
            elements = []
        case .array(let a)?:
            elements = a
        case let other?:
            switch operation.op {
            case .pull: throw StoreError.badValue("Cannot apply $pull to a non-array value")
            case .pop: throw StoreError.typeMismatch("Path '\(path)' contains an element of non-array type '\(typeName(other))'")
            default:
                throw StoreError.badValue("The field '\(path)' must be an array but is of type \(typeName(other)) in document \(idText(document))")
            }
        }
        switch operation.op {
        case .push: elements = try pushed(onto: elements, operation.operand)
        case .addToSet:
            let values: [BSONValue]
            if case .document(let d) = operation.operand, case .array(let each)? = d["$each"] { values = each } else { values = [operation.operand] }
            for v in values where !elements.contains(where: { BSONOrder.equal($0, v) }) { elements.append(v) }
        case .pull:
            let matcher = try PullMatcher(operation.operand)
            try elements.removeAll { try matcher.matches($0) }
        case .pop:
            guard !elements.isEmpty else { return }
            if operation.operand.exactInt64 == 1 { elements.removeLast() } else { elements.removeFirst() }
        default: break
        }
        try PathMutation.set(.array(elements), at: path, in: &document)
    }

    private func pushed(onto elements: [BSONValue], _ operand: BSONValue) throws -> [BSONValue] {
        guard case .document(let modifiers) = operand, case .array(let each)? = modifiers["$each"] else {
            return elements + [operand]
        }
        var result = elements
        if let position = modifiers["$position"] {
            guard let p = position.exactInt64 else { throw StoreError.badValue("The value for $position must be an integer value, not of type: \(position.type)") }
            let index = p >= 0 ? min(Int(p), result.count) : max(0, result.count + Int(p))
            result.insert(contentsOf: each, at: index)
        } else {
            result.append(contentsOf: each)
        }
        if let sort = modifiers["$sort"] { result = try SortSpec.sortArrayElements(result, by: sort) }
        if let slice = modifiers["$slice"] {
            guard let n = slice.exactInt64 else { throw StoreError.badValue("The value for $slice must be an integer value but was given type: \(slice.type)") }
            if n >= 0 { result = Array(result.prefix(Int(n))) } else { result = Array(result.suffix(Int(-n))) }
        }
        return result
    }

    private func isNumber(_ v: BSONValue) -> Bool {
        switch v {
        case .int32, .int64, .double, .decimal128: return true
        default: return false
        }
    }

    private func zero(like operand: BSONValue) -> BSONValue {
        switch operand {
        case .int32: return .int32(0)
        case .int64: return .int64(0)
        case .decimal128: return .decimal128(Decimal128(low: 0, high: 0x3040_0000_0000_0000))
        default: return .double(0)
        }
    }

    /// `$inc` / `$mul` with MongoDB's type promotion: int32 → int64 on overflow, int64 → double on
    /// overflow, anything with a double is a double, anything with a decimal a decimal.
    private func arithmetic(_ a: BSONValue, _ b: BSONValue, multiply: Bool) throws -> BSONValue {
        switch (a, b) {
        case (.int32(let x), .int32(let y)):
            let (r, overflow) = multiply ? x.multipliedReportingOverflow(by: y) : x.addingReportingOverflow(y)
            if !overflow { return .int32(r) }
            return try arithmetic(.int64(Int64(x)), .int64(Int64(y)), multiply: multiply)
        case (.int32, .int64), (.int64, .int32), (.int64, .int64):
            let x = a.exactInt64 ?? 0
            let y = b.exactInt64 ?? 0
            let (r, overflow) = multiply ? x.multipliedReportingOverflow(by: y) : x.addingReportingOverflow(y)
            if !overflow { return .int64(r) }
            return .double(multiply ? Double(x) * Double(y) : Double(x) + Double(y))
        default:
            let x = decimalAware(a)
            let y = decimalAware(b)
            let r = multiply ? x * y : x + y
            if case .decimal128 = a { return .decimal128(try Decimal128(formatDecimal(r))) }
            if case .decimal128 = b { return .decimal128(try Decimal128(formatDecimal(r))) }
            return .double(r)
        }
    }

    private func decimalAware(_ v: BSONValue) -> Double {
        if case .decimal128(let d) = v { return Double(d.description) ?? .nan }
        return v.numericDouble ?? .nan
    }

    private func formatDecimal(_ d: Double) -> String {
        d.isNaN ? "NaN" : (d.isInfinite ? (d < 0 ? "-Infinity" : "Infinity") : "\(d)")
    }
}

/// The type names MongoDB prints in error messages.
func typeName(_ value: BSONValue) -> String {
    switch value.type {
    case .double: return "double"
    case .string: return "string"
    case .document: return "object"
    case .array: return "array"
    case .binary: return "binData"
    case .undefined: return "undefined"
    case .objectId: return "objectId"
    case .bool: return "bool"
    case .datetime: return "date"
    case .null: return "null"
    case .regex: return "regex"
    case .dbPointer: return "dbPointer"
    case .javascript: return "javascript"
    case .symbol: return "symbol"
    case .javascriptWithScope: return "javascriptWithScope"
    case .int32: return "int"
    case .timestamp: return "timestamp"
    case .int64: return "long"
    case .decimal128: return "decimal"
    case .minKey: return "minKey"
    case .maxKey: return "maxKey"
    }
}
