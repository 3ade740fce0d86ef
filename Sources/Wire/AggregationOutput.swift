import BSON
import DocumentStore

/// The stages that end a pipeline by writing its results to a collection: `$out` replaces the
/// target's documents in one step (`DocumentCollection.replaceAll`); `$merge` folds each result
/// into it, matched `on` `_id` or other fields, as `whenMatched` (`merge`, `replace`,
/// `keepExisting`, `fail`) and `whenNotMatched` (`insert`, `discard`, `fail`) say.
enum AggregationOutput {
    /// Where a stage writes: a collection name in the command's database, or `{db, coll}`.
    struct Target {
        let database: String?
        let collection: String
    }

    /// The target of `$out` (a name or `{db, coll}`) or of `$merge`'s `into`.
    static func target(_ value: BSONValue, stage: String) throws -> Target {
        switch value {
        case .string(let name) where !name.isEmpty: return Target(database: nil, collection: name)
        case .document(let d):
            guard case .string(let name)? = d["coll"], !name.isEmpty else {
                throw WireCommandError(code: 16994, codeName: "Location16994", message: "\(stage) requires a 'coll' string naming the target collection")
            }
            return Target(database: d["db"]?.stringValue, collection: name)
        default:
            throw WireCommandError(code: 16990, codeName: "Location16990", message: "\(stage) only supports a string or object argument, not \(value.type)")
        }
    }

    /// `$out`: the target holds exactly `results` afterwards.
    static func out(_ results: [Document], into target: any DocumentCollection) async throws {
        try await target.replaceAll(with: results)
    }

    /// `$merge`: each result folded into the target.
    /// - Throws: `WireCommandError` for a malformed specification; 11000 when `whenMatched` is
    ///   `fail` and a result matches; 13113 when `whenNotMatched` is `fail` and one does not.
    static func merge(_ results: [Document], spec: Document, into target: any DocumentCollection) async throws {
        let on: [String]
        switch spec["on"] {
        case nil: on = ["_id"]
        case .string(let field)?: on = [field]
        case .array(let fields)? where !fields.isEmpty && fields.allSatisfy({ $0.stringValue != nil }): on = fields.compactMap(\.stringValue)
        default: throw WireCommandError(code: 51186, codeName: "Location51186", message: "$merge 'on' must be a string or an array of strings")
        }
        let whenMatched = spec["whenMatched"]?.stringValue ?? "merge"
        let whenNotMatched = spec["whenNotMatched"]?.stringValue ?? "insert"
        guard ["merge", "replace", "keepExisting", "fail"].contains(whenMatched) else {
            throw WireCommandError.notImplemented("$merge with whenMatched '\(spec["whenMatched"].map { $0.extendedJSON() } ?? "")'")
        }
        guard ["insert", "discard", "fail"].contains(whenNotMatched) else {
            throw WireCommandError(code: 51191, codeName: "Location51191", message: "Enumeration value '\(whenNotMatched)' for field 'whenNotMatched' is not a valid value.")
        }
        for result in results {
            var key = Document()
            for field in on {
                guard let value = try FieldPath(field).value(in: result), !value.isNull else {
                    throw WireCommandError(code: 51132, codeName: "Location51132", message: "$merge write error: 'on' field '\(field)' cannot be missing, null, undefined or an array")
                }
                key[field] = value
            }
            let existing = try await target.findOne(key, options: FindOptions())
            guard let existing else {
                switch whenNotMatched {
                case "insert": try await target.insertOne(result)
                case "fail": throw WireCommandError(code: 13113, codeName: "MergeStageNoMatchingDocument", message: "$merge could not find a matching document in the target collection for at least one document in the source collection")
                default: break
                }
                continue
            }
            let byId: Document = ["_id": existing["_id"] ?? .null]
            switch whenMatched {
            case "merge":
                var fields = result
                _ = fields.removeValue(forKey: "_id")
                if !fields.isEmpty { try await target.updateOne(byId, ["$set": .document(fields)]) }
            case "replace":
                var replacement = result
                _ = replacement.removeValue(forKey: "_id")
                try await target.replaceOne(byId, replacement)
            case "fail":
                throw WireCommandError(code: 11000, codeName: "DuplicateKey", message: "$merge failed: a document in the target collection matches \(key.extendedJSON())")
            default:
                break
            }
        }
    }
}
