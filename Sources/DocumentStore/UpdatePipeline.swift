import BSON

/// An update given as an aggregation pipeline (MongoDB 4.2+): `$set`/`$addFields`, `$unset`,
/// `$project`, `$replaceRoot` and `$replaceWith` stages, applied in order to each matched
/// document, their expressions reading the document as it stands before the stage.
///
/// Through the `Document`-typed update parameters of `DocumentCollection` a pipeline travels as
/// libmongoc does: a document whose keys are `"0"`, `"1"`, … (the array's indexes) and whose
/// values are the stages; `document(stages:)` makes one and `isPipeline` recognises it.
public struct UpdatePipeline: Sendable {
    enum Stage: Sendable {
        case set(Document)
        case unset([FieldPath])
        case project(Document)
        case replace(BSONValue)
    }

    let stages: [Stage]
    /// The command's `let` constants.
    let variables: [String: BSONValue]

    /// The stages of a pipeline update, as an array holds them.
    /// - Throws: `StoreError` — 72 InvalidOptions for a stage an update may not use, 40323 for a
    ///   stage that is not a one-field document, and the stages' own errors.
    public init(_ pipeline: [BSONValue], variables: [String: BSONValue] = [:]) throws {
        var stages: [Stage] = []
        for value in pipeline {
            guard case .document(let stage) = value, stage.count == 1, let (name, argument) = stage.firstField else {
                throw StoreError(code: 40323, codeName: "Location40323", message: "A pipeline stage specification object must contain exactly one field.")
            }
            switch name {
            case "$set", "$addFields":
                guard case .document(let fields) = argument else { throw StoreError(code: 40272, codeName: "Location40272", message: "\(name) specification stage must be an object, got \(argument.type)") }
                stages.append(.set(fields))
            case "$unset":
                let names = argument.stringValue.map { [$0] } ?? argument.arrayValue?.compactMap(\.stringValue)
                guard let names, !names.isEmpty, names.count == (argument.arrayValue?.count ?? 1) else {
                    throw StoreError(code: 31002, codeName: "Location31002", message: "$unset specification must be a string or an array containing only string values")
                }
                stages.append(.unset(try names.map(FieldPath.init)))
            case "$project":
                guard case .document(let fields) = argument, !fields.isEmpty else { throw StoreError(code: 15969, codeName: "Location15969", message: "$project specification must be an object") }
                stages.append(.project(fields))
            case "$replaceRoot":
                guard case .document(let d) = argument, let root = d["newRoot"] else { throw StoreError(code: 40231, codeName: "Location40231", message: "no newRoot specified for the $replaceRoot stage") }
                stages.append(.replace(root))
            case "$replaceWith":
                stages.append(.replace(argument))
            default:
                throw StoreError.invalidOptions("\(name) is not allowed to be used within an update")
            }
        }
        self.stages = stages
        self.variables = variables
    }

    /// Whether an update document carries a pipeline (keys `"0"`, `"1"`, … holding stages).
    public static func isPipeline(_ update: Document) -> Bool {
        guard !update.isEmpty else { return false }
        for (index, field) in update.enumerated() {
            guard field.key == String(index), case .document(let stage) = field.value, stage.count == 1,
                  stage.firstField?.key.hasPrefix("$") == true else { return false }
        }
        return true
    }

    /// A pipeline as the update document that carries it.
    public static func document(stages: [BSONValue]) -> Document {
        Document(stages.enumerated().map { (String($0.offset), $0.element) })
    }

    /// The stages an update document carries.
    public static func stages(of update: Document) -> [BSONValue] { update.map(\.value) }

    /// Runs the stages on a document; the result keeps the document's `_id`.
    /// - Throws: 66 ImmutableField when a stage changes `_id`; 40228 when a replacement root is
    ///   not a document; expression errors.
    func apply(to document: Document) throws -> Document {
        var current = document
        for stage in stages {
            switch stage {
            case .set(let fields):
                let before = current
                for (key, expression) in fields {
                    let path = try FieldPath(key)
                    if let value = try AggregationExpression.evaluate(expression, in: before, variables: variables) {
                        try PathMutation.set(value, at: path, in: &current)
                    } else {
                        PathMutation.unset(path, in: &current)
                    }
                }
            case .unset(let paths):
                for path in paths { PathMutation.unset(path, in: &current) }
            case .project(let fields):
                current = try AggregationProjection.apply(fields, to: current, variables: variables)
            case .replace(let root):
                guard case .document(let replaced)? = try AggregationExpression.evaluate(root, in: current, variables: variables) else {
                    throw StoreError(code: 40228, codeName: "Location40228", message: "'replacement document' must evaluate to an object")
                }
                current = replaced
            }
        }
        if let id = document["_id"] {
            guard let kept = current["_id"] else {
                var withId = current
                withId.insert("_id", id, at: 0)
                return withId
            }
            guard kept == id else {
                throw StoreError.immutableField("After applying the update, the (immutable) field '_id' was found to have been altered to _id: \(kept.extendedJSON())")
            }
        }
        return current
    }
}
