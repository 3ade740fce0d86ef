import BSON
import DocumentStore

/// insert, find, getMore, killCursors, update, delete, findAndModify, count, distinct.
extension WireCommandHandler {
    static func documents(_ command: Document, _ key: String) throws -> [Document] {
        guard case .array(let items)? = command[key] else { throw WireCommandError.typeMismatch("'\(key)' must be an array of documents") }
        return try items.map {
            guard let document = $0.documentValue else { throw WireCommandError.typeMismatch("'\(key)' must be an array of documents") }
            return document
        }
    }

    static func writeError(_ index: Int, _ error: any Error) -> BSONValue {
        if let error = error as? StoreError {
            var reply: Document = ["index": .int32(Int32(index)), "code": .int32(error.code), "codeName": .string(error.codeName), "errmsg": .string(error.message)]
            if let keyPattern = error.keyPattern { reply["keyPattern"] = .document(keyPattern) }
            if let keyValue = error.keyValue { reply["keyValue"] = .document(keyValue) }
            return .document(reply)
        }
        let failure = error as? WireCommandError ?? WireCommandError(code: 1, codeName: "InternalError", message: "\(error)")
        return ["index": .int32(Int32(index)), "code": .int32(failure.code), "codeName": .string(failure.codeName), "errmsg": .string(failure.message)]
    }

    static func writeReply(n: Int, errors: [BSONValue], extra: Document = Document()) -> Document {
        var reply: Document = ["n": .int32(Int32(n))]
        for (key, value) in extra { reply[key] = value }
        if !errors.isEmpty { reply["writeErrors"] = .array(errors) }
        reply["ok"] = 1.0
        return reply
    }

    func insert(_ command: Document, database: String) async throws -> Document {
        let (collection, _) = try target(command, database: database)
        let documents = try Self.documents(command, "documents")
        let ordered = command["ordered"]?.boolValue ?? true
        // The whole batch at once when it goes in cleanly (one durable write); otherwise one by
        // one, to report each failing document as MongoDB does.
        if documents.count > 1, (try? await collection.insertMany(documents)) != nil { return Self.writeReply(n: documents.count, errors: []) }
        var inserted = 0
        var errors: [BSONValue] = []
        for (index, document) in documents.enumerated() {
            do {
                try await collection.insertOne(document)
                inserted += 1
            } catch {
                errors.append(Self.writeError(index, error))
                if ordered { break }
            }
        }
        return Self.writeReply(n: inserted, errors: errors)
    }

    func find(_ command: Document, database: String) async throws -> Document {
        let (collection, namespace) = try target(command, database: database)
        let limit = try Self.nonNegative(command, "limit") ?? 0
        let options = FindOptions(
            sort: command["sort"]?.documentValue, skip: try Self.nonNegative(command, "skip") ?? 0,
            limit: limit == 0 ? nil : limit, projection: command["projection"]?.documentValue,
            collation: try Self.collation(command), variables: try Self.variables(command))
        let batchSize = try Self.nonNegative(command, "batchSize")
        // Read a batch at a time: a find over a large collection never holds it all in memory.
        let cursor = try await collection.openCursor(command["filter"]?.documentValue ?? Document(), options: options)
        let single = command["singleBatch"]?.boolValue == true
        return try await cursorReply(cursor, namespace: namespace, batchSize: batchSize, single: single)
    }

    /// A command's (or statement's) `collation`, when it has one.
    static func collation(_ command: Document) throws -> Collation? {
        guard let value = command["collation"] else { return nil }
        guard case .document(let spec) = value else { throw WireCommandError.typeMismatch("'collation' must be an object") }
        return try Collation(spec)
    }

    /// A command's `let` constants (empty when absent).
    static func variables(_ command: Document) throws -> Document {
        guard let value = command["let"] else { return [:] }
        guard case .document(let constants) = value else { throw WireCommandError.typeMismatch("'let' must be an object") }
        return constants
    }

    /// A whole-number option that must not be negative, as mongod checks `find`'s: 14
    /// TypeMismatch for another type, 51024 for a negative value; `nil` when absent.
    static func nonNegative(_ command: Document, _ field: String) throws -> Int? {
        guard let value = command[field] else { return nil }
        guard let number = value.integerValue else {
            throw WireCommandError(code: 14, codeName: "TypeMismatch", message: "BSON field '\(field)' is the wrong type '\(value.type)', expected a whole number")
        }
        guard number >= 0 else {
            throw WireCommandError(code: 51024, codeName: "Location51024", message: "BSON field '\(field)' value must be >= 0, actual value '\(number)'")
        }
        return number
    }

    func getMore(_ command: Document) async throws -> Document {
        guard let id = command.firstField?.value.integerValue.map(Int64.init) else { throw WireCommandError.typeMismatch("getMore needs a cursor id") }
        let count = try Self.nonNegative(command, "batchSize")
        let (namespace, cursor) = try cursors.checkOut(id)
        let batch: [Document]
        do {
            batch = try await cursor.next(count: count ?? .max, maximumBytes: Self.maxDocumentSize)
        } catch {
            cursors.finish(id)
            throw error
        }
        let exhausted = cursor.isExhausted
        if exhausted { cursors.finish(id) }
        return ["cursor": ["nextBatch": .array(batch.map(BSONValue.document)), "id": .int64(exhausted ? 0 : id), "ns": .string(namespace)], "ok": 1.0]
    }

    func killCursors(_ command: Document) -> Document {
        let ids = command["cursors"]?.arrayValue?.compactMap { $0.integerValue.map(Int64.init) } ?? []
        let killed = cursors.kill(ids)
        let missing = ids.filter { !killed.contains($0) }
        return ["cursorsKilled": .array(killed.map(BSONValue.int64)), "cursorsNotFound": .array(missing.map(BSONValue.int64)),
                "cursorsAlive": [], "cursorsUnknown": [], "ok": 1.0]
    }

    func update(_ command: Document, database: String) async throws -> Document {
        let (collection, _) = try target(command, database: database)
        let statements = try Self.documents(command, "updates")
        let ordered = command["ordered"]?.boolValue ?? true
        var matched = 0, modified = 0
        var upserted: [BSONValue] = []
        var errors: [BSONValue] = []
        for (index, statement) in statements.enumerated() {
            do {
                let filter = statement["q"]?.documentValue ?? Document()
                guard let change = try Self.change(statement["u"]) else { throw WireCommandError.typeMismatch("'u' must be a document or an array") }
                let upsert = statement["upsert"]?.boolValue ?? false
                let options = UpdateOptions(upsert: upsert, arrayFilters: try Self.arrayFilters(statement["arrayFilters"]),
                                            collation: try Self.collation(statement), variables: try Self.variables(command))
                let isReplacement = !UpdatePipeline.isPipeline(change) && !(change.firstField?.key.hasPrefix("$") ?? false)
                let result: UpdateResult
                if isReplacement {
                    result = try await collection.replaceOne(filter, change, options: options)
                } else if statement["multi"]?.boolValue == true {
                    result = try await collection.updateMany(filter, change, options: options)
                } else {
                    result = try await collection.updateOne(filter, change, options: options)
                }
                matched += result.matchedCount
                modified += result.modifiedCount
                if let id = result.upsertedId { upserted.append(["index": .int32(Int32(index)), "_id": id]) }
            } catch {
                errors.append(Self.writeError(index, error))
                if ordered { break }
            }
        }
        var extra: Document = ["nModified": .int32(Int32(modified))]
        if !upserted.isEmpty { extra["upserted"] = .array(upserted) }
        return Self.writeReply(n: matched + upserted.count, errors: errors, extra: extra)
    }

    func delete(_ command: Document, database: String) async throws -> Document {
        let (collection, _) = try target(command, database: database)
        let statements = try Self.documents(command, "deletes")
        // As mongod, before any is applied: 0 deletes every match, 1 the first; nothing else.
        for statement in statements {
            guard let limit = statement["limit"]?.integerValue, limit == 0 || limit == 1 else {
                throw WireCommandError(
                    code: 9, codeName: "FailedToParse",
                    message: "The limit field in delete objects must be 0 or 1. Got \(statement["limit"].map { $0.extendedJSON() } ?? "nothing")")
            }
        }
        let ordered = command["ordered"]?.boolValue ?? true
        var deleted = 0
        var errors: [BSONValue] = []
        for (index, statement) in statements.enumerated() {
            do {
                let filter = statement["q"]?.documentValue ?? Document()
                let options = DeleteOptions(collation: try Self.collation(statement), variables: try Self.variables(command))
                deleted += statement["limit"]?.integerValue == 1
                    ? try await collection.deleteOne(filter, options: options) : try await collection.deleteMany(filter, options: options)
            } catch {
                errors.append(Self.writeError(index, error))
                if ordered { break }
            }
        }
        return Self.writeReply(n: deleted, errors: errors)
    }

    /// The matching document (first in `sort` order) removed, or updated or replaced (with upsert);
    /// answered with the document before or after (`new`) and `lastErrorObject`.
    func findAndModify(_ command: Document, database: String) async throws -> Document {
        let (collection, _) = try target(command, database: database)
        let query = command["query"]?.documentValue ?? Document()
        let fields = try command["fields"]?.documentValue.map(Projection.init)
        func shown(_ document: Document?) -> BSONValue { document.map { .document(fields?.apply(to: $0) ?? $0) } ?? .null }
        let sort = command["sort"]?.documentValue
        let upsert = command["upsert"]?.boolValue ?? false
        let returnsNew = command["new"]?.boolValue == true
        let removes = command["remove"]?.boolValue == true
        let collation = try Self.collation(command)
        let variables = try Self.variables(command)
        guard let change = try Self.change(command["update"]) ?? (removes ? Document() : nil) else {
            throw WireCommandError(code: 9, codeName: "FailedToParse", message: "Either an update or remove=true must be specified")
        }
        if removes || !(UpdatePipeline.isPipeline(change) || (change.firstField?.key.hasPrefix("$") ?? true)) {
            // Remove, or a replacement: the target is found, then changed by _id.
            let existing = try await collection.findOne(query, options: FindOptions(sort: sort, limit: 1, collation: collation, variables: variables))
            let target: Document = existing?["_id"].map { ["_id": $0] } ?? query
            if removes {
                let removed = existing == nil ? false : try await collection.deleteOne(target) == 1
                return ["lastErrorObject": ["n": .int32(removed ? 1 : 0)], "value": shown(removed ? existing : nil), "ok": 1.0]
            }
            let result = try await collection.replaceOne(target, change, options: UpdateOptions(upsert: upsert, collation: collation, variables: variables))
            let id = existing?["_id"] ?? result.upsertedId
            let after = id == nil ? nil : try await collection.findOne(["_id": id ?? .null])
            var lastError: Document = ["n": .int32(existing != nil || after != nil ? 1 : 0), "updatedExisting": .bool(existing != nil)]
            if existing == nil, let id = after?["_id"] { lastError["upserted"] = id }
            return ["lastErrorObject": .document(lastError), "value": shown(returnsNew ? after : existing), "ok": 1.0]
        }
        // Update operators: one atomic findOneAndUpdate on the query itself. An upsert's _id is
        // fixed beforehand (the query's own, or a new ObjectId through $setOnInsert), so the
        // reply can tell an upsert from an update without reading again.
        let (update, upsertId) = Self.fixingUpsertId(change, query: query, upsert: upsert)
        let queryFixesId = upsert && query["_id"] == upsertId
        // With new: true and the query's own _id, only a look beforehand tells update from upsert.
        let existedBefore = returnsNew && queryFixesId ? try await collection.countDocuments(query) > 0 : false
        let options = FindOneAndUpdateOptions(returnDocument: returnsNew ? .after : .before, upsert: upsert, sort: sort,
                                              arrayFilters: try Self.arrayFilters(command["arrayFilters"]), collation: collation, variables: variables)
        let value = try await collection.findOneAndUpdate(query, update, options: options)
        let updatedExisting: Bool
        if returnsNew {
            updatedExisting = value != nil && (queryFixesId ? existedBefore : value?["_id"] != upsertId)
        } else {
            updatedExisting = value != nil
        }
        var lastError: Document = ["n": .int32(value != nil || (upsert && !updatedExisting) ? 1 : 0), "updatedExisting": .bool(updatedExisting)]
        if upsert, !updatedExisting, let upsertId { lastError["upserted"] = upsertId }
        return ["lastErrorObject": .document(lastError), "value": shown(value), "ok": 1.0]
    }

    /// The `arrayFilters` of an update: an array of documents (none when absent).
    static func arrayFilters(_ value: BSONValue?) throws -> [Document] {
        guard let value else { return [] }
        guard case .array(let items) = value else { throw WireCommandError.typeMismatch("'arrayFilters' must be an array") }
        return try items.map { item in
            guard case .document(let filter) = item else { throw WireCommandError.typeMismatch("Each element of 'arrayFilters' must be an object") }
            return filter
        }
    }

    /// An update statement's change: a document, or a pipeline (an array of stages, carried as
    /// `UpdatePipeline` documents are); `nil` when absent.
    static func change(_ value: BSONValue?) throws -> Document? {
        switch value {
        case .document(let change)?: return change
        case .array(let stages)?:
            guard !stages.isEmpty else { return nil }
            guard stages.allSatisfy({ $0.documentValue != nil }) else {
                throw WireCommandError(code: 14, codeName: "TypeMismatch", message: "Each element of the 'pipeline' array must be an object")
            }
            return UpdatePipeline.document(stages: stages)
        default: return nil
        }
    }

    /// The update with an upsert's `_id` decided in advance: the query's `_id` equality when it
    /// has one, else a new ObjectId added to `$setOnInsert` (unless the update sets `_id` itself);
    /// a pipeline gets a first stage that gives the new document that `_id`.
    static func fixingUpsertId(_ update: Document, query: Document, upsert: Bool) -> (Document, BSONValue?) {
        guard upsert else { return (update, nil) }
        if let id = query["_id"], !(id.documentValue?.firstField?.key.hasPrefix("$") ?? false) { return (update, id) }
        if UpdatePipeline.isPipeline(update) {
            let id = BSONValue.objectId(ObjectId())
            let first: BSONValue = ["$set": ["_id": ["$ifNull": ["$_id", ["$literal": id]]]]]
            return (UpdatePipeline.document(stages: [first] + UpdatePipeline.stages(of: update)), id)
        }
        let setsId = ["$set", "$setOnInsert"].contains { update[$0]?.documentValue?["_id"] != nil }
        guard !setsId else { return (update, update["$setOnInsert"]?.documentValue?["_id"] ?? update["$set"]?.documentValue?["_id"]) }
        let id = BSONValue.objectId(ObjectId())
        var fixed = update
        var onInsert = update["$setOnInsert"]?.documentValue ?? Document()
        onInsert.insert("_id", id, at: 0)
        if let index = fixed.index(forKey: "$setOnInsert") { fixed.setValue(.document(onInsert), at: index) } else { fixed.append("$setOnInsert", .document(onInsert)) }
        return (fixed, id)
    }

    func count(_ command: Document, database: String) async throws -> Document {
        let (collection, _) = try target(command, database: database)
        var n = try await collection.countDocuments(command["query"]?.documentValue ?? Document())
        n = max(0, n - max(0, command["skip"]?.integerValue ?? 0))
        if let limit = command["limit"]?.integerValue, limit != 0 { n = min(n, limit == .min ? .max : abs(limit)) }
        return ["n": .int32(Int32(clamping: n)), "ok": 1.0]
    }

    func distinct(_ command: Document, database: String) async throws -> Document {
        let (collection, _) = try target(command, database: database)
        guard let key = command["key"]?.stringValue else { throw WireCommandError.typeMismatch("'key' must be a string") }
        return ["values": .array(try await collection.distinct(key, filter: command["query"]?.documentValue ?? Document())), "ok": 1.0]
    }
}
