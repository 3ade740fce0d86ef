import BSON
import CLibBSON
import CLibMongoC
import DocumentStore

/// One collection of a `MongoStore`: each call is one libmongoc operation on the store's thread
/// pool, with documents copied in and out as BSON bytes.
struct MongoCollection: DocumentCollection {
    let store: MongoStore
    let name: String

    func find(_ filter: Document, options: FindOptions) async throws -> [Document] {
        let opts = Self.findOptions(options)
        return try await store.withCollection(name) { collection in
            let filterHandle = try BSONHandle(filter)
            let optsHandle = try BSONHandle(opts)
            guard let cursor = mongoc_collection_find_with_opts(collection, filterHandle.pointer, optsHandle.pointer, nil) else {
                throw StoreError.badValue("libmongoc refused the query")
            }
            return try Self.drain(cursor)
        }
    }

    func findOne(_ filter: Document, options: FindOptions) async throws -> Document? {
        var one = options
        one.limit = 1
        return try await find(filter, options: one).first
    }

    func countDocuments(_ filter: Document) async throws -> Int {
        try await store.withCollection(name) { collection in
            let filterHandle = try BSONHandle(filter)
            return try withScratchDocument { reply in
                var error = bson_error_t()
                let count = mongoc_collection_count_documents(collection, filterHandle.pointer, nil, nil, reply, &error)
                guard count >= 0 else { throw MongoFailure.storeError(error, reply: reply) }
                return Int(count)
            }
        }
    }

    func distinct(_ field: String, filter: Document) async throws -> [BSONValue] {
        let reply = try await readCommand(["distinct": .string(name), "key": .string(field), "query": .document(filter)])
        guard case .array(let values)? = reply["values"] else { throw StoreError.badValue("distinct answered without 'values'") }
        return values
    }

    func createIndex(_ index: IndexModel) async throws -> String {
        var description = index.description
        _ = description.removeValue(forKey: "v")
        _ = try await writeCommand(["createIndexes": .string(name), "indexes": [.document(description)]])
        return index.name ?? index.defaultName
    }

    func listIndexes() async throws -> [IndexModel] {
        try await store.withCollection(name) { collection in
            guard let cursor = mongoc_collection_find_indexes_with_opts(collection, nil) else { return [] }
            return try Self.drain(cursor).compactMap(IndexModel.init(describedBy:))
        }
    }

    func dropIndex(_ indexName: String) async throws {
        try await store.withCollection(name) { collection in
            var error = bson_error_t()
            guard mongoc_collection_drop_index_with_opts(collection, indexName, nil, &error) else {
                throw MongoFailure.storeError(error)
            }
        }
    }

    func replaceAll(with documents: [Document]) async throws {
        // Emptying is one delete; otherwise a collection filled beside the target is renamed over
        // it (dropping it) in one server step.
        guard !documents.isEmpty else {
            _ = try await deleteMany([:])
            return
        }
        let temporary = "\(name).replacing.\(ObjectId().hex)"
        let filling = MongoCollection(store: store, name: temporary)
        do {
            try await filling.insertMany(documents)
            try await filling.rename(to: name, dropTarget: true)
        } catch {
            try? await filling.drop()
            throw error
        }
    }

    func rename(to newName: String, dropTarget: Bool) async throws {
        try await store.withCollection(name) { collection in
            var error = bson_error_t()
            guard mongoc_collection_rename_with_opts(collection, nil, newName, dropTarget, nil, &error) else { throw MongoFailure.storeError(error) }
        }
    }

    func drop() async throws {
        try await store.withCollection(name) { collection in
            var error = bson_error_t()
            // Dropping a collection that does not exist is not an error here (nor since MongoDB 7).
            guard mongoc_collection_drop_with_opts(collection, nil, &error) || MongoFailure.storeError(error).code == 26 else {
                throw MongoFailure.storeError(error)
            }
        }
    }

    /// Runs a read command on this collection and returns the server's reply.
    func readCommand(_ command: Document) async throws -> Document {
        try await store.withCollection(name) { collection in
            let commandHandle = try BSONHandle(command)
            return try withScratchDocument { reply in
                var error = bson_error_t()
                guard mongoc_collection_read_command_with_opts(collection, commandHandle.pointer, nil, nil, reply, &error) else {
                    throw MongoFailure.storeError(error, reply: reply)
                }
                return try Document(copyingLibBSON: reply)
            }
        }
    }

    /// Runs a write command on this collection (with the URL's write concern) and returns the
    /// server's reply.
    func writeCommand(_ command: Document) async throws -> Document {
        try await store.withCollection(name) { collection in
            let commandHandle = try BSONHandle(command)
            return try withScratchDocument { reply in
                var error = bson_error_t()
                guard mongoc_collection_write_command_with_opts(collection, commandHandle.pointer, nil, reply, &error) else {
                    throw MongoFailure.storeError(error, reply: reply)
                }
                return try Document(copyingLibBSON: reply)
            }
        }
    }

    /// Every document of a cursor, which is destroyed afterwards.
    static func drain(_ cursor: OpaquePointer) throws -> [Document] {
        defer { mongoc_cursor_destroy(cursor) }
        var documents: [Document] = []
        var current: OpaquePointer?
        while mongoc_cursor_next(cursor, &current) {
            if let current { documents.append(try Document(copyingLibBSON: current)) }
        }
        var error = bson_error_t()
        var reply: OpaquePointer?
        if mongoc_cursor_error_document(cursor, &error, &reply) {
            throw MongoFailure.storeError(error, reply: reply)
        }
        return documents
    }

    /// `find`'s options document.
    static func findOptions(_ options: FindOptions) -> Document {
        var opts = Document()
        if let sort = options.sort, !sort.isEmpty { opts.append("sort", .document(sort)) }
        if options.skip > 0 { opts.append("skip", .int64(Int64(options.skip))) }
        if let limit = options.limit, limit > 0 { opts.append("limit", .int64(Int64(limit))) }
        if let projection = options.projection, !projection.isEmpty { opts.append("projection", .document(projection)) }
        if let collation = options.collation { opts.append("collation", .document(collation.document)) }
        if !options.variables.isEmpty { opts.append("let", .document(options.variables)) }
        return opts
    }
}
