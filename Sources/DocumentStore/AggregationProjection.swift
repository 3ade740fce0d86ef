import BSON

/// The `$project` stage of aggregation and of pipeline updates: inclusions and exclusions as a
/// find projection takes them, or computed fields (aggregation expressions) beside inclusions.
public enum AggregationProjection {
    /// The projected document.
    /// - Throws: `StoreError` for a malformed projection (an exclusion among inclusions) and
    ///   expression errors.
    public static func apply(_ spec: Document, to document: Document, variables: [String: BSONValue] = [:]) throws -> Document {
        func isFlag(_ value: BSONValue) -> Bool { value.boolValue != nil || value.numberValue != nil }
        if spec.allSatisfy({ isFlag($0.value) }) { return try Projection(spec).apply(to: document) }
        var out = Document()
        if spec["_id"].map({ AggregationExpression.truthy($0) }) ?? true, let id = document["_id"] { out["_id"] = id }
        for (key, value) in spec where key != "_id" || !isFlag(value) {
            if isFlag(value) {
                guard AggregationExpression.truthy(value) else {
                    throw StoreError(code: 31253, codeName: "Location31253", message: "Cannot do exclusion on field \(key) in inclusion projection")
                }
                if let found = try FieldPath(key).value(in: document) { out[key] = found }
            } else if let result = try AggregationExpression.evaluate(value, in: document, variables: variables) {
                out[key] = result
            }
        }
        return out
    }
}
