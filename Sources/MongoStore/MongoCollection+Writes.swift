import BSON
import CLibBSON
import CLibMongoC
import DocumentStore

/// Inserts, updates, deletes and findAndModify.
extension MongoCollection {
    // Writes pass `validate: false`: the server, not libmongoc, judges field names, so the same
    // documents are accepted or refused as by the embedded store.

    func insertOne(_ document: Document) async throws -> BSONValue {
        let prepared = document.ensuringId()
        try await store.withCollection(name) { collection in
            let documentHandle = try BSONHandle(prepared)
            let optsHandle = try BSONHandle(["validate": false])
            try withScratchDocument { reply in
                var error = bson_error_t()
                guard mongoc_collection_insert_one(collection, documentHandle.pointer, optsHandle.pointer, reply, &error) else {
                    throw MongoFailure.storeError(error, reply: reply)
                }
            }
        }
        return prepared["_id"] ?? .null
    }

    /// An ordered insert; when it fails part-way, the documents it did insert are deleted again,
    /// so the batch is all or nothing to later readers. (Without a transaction, a reader running
    /// at the same moment can glimpse the first documents.)
    func insertMany(_ documents: [Document]) async throws -> [BSONValue] {
        let prepared = documents.map { $0.ensuringId() }
        guard !prepared.isEmpty else { return [] }
        let ids = prepared.map { $0["_id"] ?? .null }
        let (inserted, failure) = try await store.withCollection(name) { collection -> (Int, StoreError?) in
            let handles = try prepared.map(BSONHandle.init)
            let optsHandle = try BSONHandle(["validate": false, "ordered": true])
            var pointers: [OpaquePointer?] = handles.map(\.pointer)
            return try withScratchDocument { reply in
                var error = bson_error_t()
                let succeeded = pointers.withUnsafeMutableBufferPointer { buffer in
                    mongoc_collection_insert_many(collection, buffer.baseAddress, buffer.count, optsHandle.pointer, reply, &error)
                }
                withExtendedLifetime(handles) {}
                if succeeded { return (prepared.count, nil) }
                let count = try Document(copyingLibBSON: reply)["insertedCount"]?.integerValue ?? 0
                return (count, MongoFailure.storeError(error, reply: reply))
            }
        }
        guard let failure else { return ids }
        if inserted > 0 { _ = try await deleteMany(["_id": ["$in": .array(Array(ids.prefix(inserted)))]]) }
        throw failure
    }

    func updateOne(_ filter: Document, _ update: Document, options: UpdateOptions) async throws -> UpdateResult {
        try await applyUpdate(filter, update, options: options, kind: .one)
    }

    func updateMany(_ filter: Document, _ update: Document, options: UpdateOptions) async throws -> UpdateResult {
        try await applyUpdate(filter, update, options: options, kind: .many)
    }

    func replaceOne(_ filter: Document, _ replacement: Document, options: UpdateOptions) async throws -> UpdateResult {
        try await applyUpdate(filter, replacement, options: options, kind: .replacement)
    }

    func deleteOne(_ filter: Document, options: DeleteOptions) async throws -> Int {
        try await delete(filter, options: options, many: false)
    }

    func deleteMany(_ filter: Document, options: DeleteOptions) async throws -> Int {
        try await delete(filter, options: options, many: true)
    }

    func findOneAndUpdate(_ filter: Document, _ update: Document, options: FindOneAndUpdateOptions) async throws -> Document? {
        try UpdateSpec.requireOperators(update)
        let reply = try await writeCommand(Self.findAndModifyCommand(name, filter, update, options))
        return reply["value"]?.documentValue
    }

    /// The `findAndModify` command of `findOneAndUpdate`.
    static func findAndModifyCommand(_ name: String, _ filter: Document, _ update: Document, _ options: FindOneAndUpdateOptions) -> Document {
        // A pipeline goes as the array it is.
        let change: BSONValue = UpdatePipeline.isPipeline(update) ? .array(UpdatePipeline.stages(of: update)) : .document(update)
        var command: Document = ["findAndModify": .string(name), "query": .document(filter), "update": change]
        if !options.arrayFilters.isEmpty { command.append("arrayFilters", .array(options.arrayFilters.map(BSONValue.document))) }
        if let collation = options.collation { command.append("collation", .document(collation.document)) }
        if !options.variables.isEmpty { command.append("let", .document(options.variables)) }
        if let sort = options.sort, !sort.isEmpty { command.append("sort", .document(sort)) }
        if let projection = options.projection, !projection.isEmpty { command.append("fields", .document(projection)) }
        if options.returnDocument == .after { command.append("new", true) }
        if options.upsert { command.append("upsert", true) }
        return command
    }

    private enum UpdateKind { case one, many, replacement }

    private func applyUpdate(_ filter: Document, _ update: Document, options: UpdateOptions, kind: UpdateKind) async throws -> UpdateResult {
        // The wire protocol tells an update from a replacement by its first field, so the caller's
        // intent is checked here, as every driver does.
        if kind == .replacement { try UpdateSpec.requireReplacement(update) } else { try UpdateSpec.requireOperators(update) }
        return try await store.withCollection(name) { collection in
            let filterHandle = try BSONHandle(filter)
            let updateHandle = try BSONHandle(update)
            var opts: Document = ["validate": false, "upsert": .bool(options.upsert)]
            if !options.arrayFilters.isEmpty { opts.append("arrayFilters", .array(options.arrayFilters.map(BSONValue.document))) }
            if let collation = options.collation { opts.append("collation", .document(collation.document)) }
            if !options.variables.isEmpty { opts.append("let", .document(options.variables)) }
            let optsHandle = try BSONHandle(opts)
            return try withScratchDocument { reply in
                var error = bson_error_t()
                let succeeded = switch kind {
                case .one: mongoc_collection_update_one(collection, filterHandle.pointer, updateHandle.pointer, optsHandle.pointer, reply, &error)
                case .many: mongoc_collection_update_many(collection, filterHandle.pointer, updateHandle.pointer, optsHandle.pointer, reply, &error)
                case .replacement: mongoc_collection_replace_one(collection, filterHandle.pointer, updateHandle.pointer, optsHandle.pointer, reply, &error)
                }
                guard succeeded else {
                    throw MongoFailure.storeError(error, reply: reply)
                }
                let result = try Document(copyingLibBSON: reply)
                return UpdateResult(matchedCount: result["matchedCount"]?.integerValue ?? 0,
                                    modifiedCount: result["modifiedCount"]?.integerValue ?? 0,
                                    upsertedId: result["upsertedId"])
            }
        }
    }

    private func delete(_ filter: Document, options: DeleteOptions, many: Bool) async throws -> Int {
        var built = Document()
        if let collation = options.collation { built.append("collation", .document(collation.document)) }
        if !options.variables.isEmpty { built.append("let", .document(options.variables)) }
        let opts = built
        return try await store.withCollection(name) { collection in
            let filterHandle = try BSONHandle(filter)
            let optsHandle = try BSONHandle(opts)
            return try withScratchDocument { reply in
                var error = bson_error_t()
                let succeeded = many
                    ? mongoc_collection_delete_many(collection, filterHandle.pointer, optsHandle.pointer, reply, &error)
                    : mongoc_collection_delete_one(collection, filterHandle.pointer, optsHandle.pointer, reply, &error)
                guard succeeded else {
                    throw MongoFailure.storeError(error, reply: reply)
                }
                return try Document(copyingLibBSON: reply)["deletedCount"]?.integerValue ?? 0
            }
        }
    }
}
