import BSON
import DocumentStore

extension EmbeddedCollection {
    /// The document with an `_id` first: its own (checked), or a new ObjectId.
    static func withId(_ document: Document) throws -> Document {
        let document = document.ensuringId()
        switch document["_id"] {
        case .array?: throw StoreError(code: 53, codeName: "InvalidIdField", message: "The '_id' value cannot be of type array")
        case .regex?: throw StoreError(code: 53, codeName: "InvalidIdField", message: "The '_id' value cannot be of type regex")
        case .undefined?: throw StoreError(code: 53, codeName: "InvalidIdField", message: "The '_id' value cannot be of type undefined")
        case .document(let id)? where id.fieldNames.contains(where: { $0.hasPrefix("$") }):
            let key = id.fieldNames.first { $0.hasPrefix("$") } ?? "$"
            throw StoreError(code: 53, codeName: "InvalidIdField", message: "_id fields may not contain '$'-prefixed fields: \(key) is not valid for storage.")
        default: return document
        }
    }

    func insertOne(_ document: Document) async throws -> BSONValue {
        try await insertMany([document])[0]
    }

    func insertMany(_ documents: [Document]) async throws -> [BSONValue] {
        try checkName()
        let prepared = try documents.map(Self.withId)
        guard !prepared.isEmpty else { return [] }
        let name = self.name
        try await engine.write { context in
            for document in prepared { try context.insert(document, into: name) }
        }
        return prepared.map { $0["_id"] ?? .null }
    }

    func updateOne(_ filter: Document, _ update: Document, options: UpdateOptions) async throws -> UpdateResult {
        try await applyUpdate(filter, update, options: options, many: false)
    }

    func updateMany(_ filter: Document, _ update: Document, options: UpdateOptions) async throws -> UpdateResult {
        try await applyUpdate(filter, update, options: options, many: true)
    }

    private func applyUpdate(_ filter: Document, _ update: Document, options: UpdateOptions, many: Bool) async throws -> UpdateResult {
        try checkName()
        let (query, collation) = try Self.query(filter, collation: options.collation, variables: options.variables)
        let spec = try UpdateSpec(update, arrayFilters: options.arrayFilters, variables: QueryFilter.constants(options.variables))
        let upsert = options.upsert
        // An upsert starts from the filter as written, not its comparison form.
        let seed = collation == nil ? query : try QueryFilter(filter, variables: options.variables)
        let name = self.name
        return try await engine.write { context in
            let now = BSONDateTime.now
            let targets = try context.select(name, query, limit: many ? nil : 1, collation: collation)
            guard !targets.isEmpty else {
                guard upsert else { return UpdateResult(matchedCount: 0, modifiedCount: 0) }
                var created = try seed.upsertSeed()
                try spec.apply(to: &created, isInsert: true, now: now)
                created = try Self.withId(created)
                try context.insert(created, into: name)
                return UpdateResult(matchedCount: 0, modifiedCount: 0, upsertedId: created["_id"])
            }
            var modified = 0
            for target in targets {
                var changed = target.document
                guard try spec.apply(to: &changed, now: now) else { continue }
                try context.replace(target.document, with: changed, idKey: target.idKey, in: name)
                modified += 1
            }
            return UpdateResult(matchedCount: targets.count, modifiedCount: modified)
        }
    }

    func replaceOne(_ filter: Document, _ replacement: Document, options: UpdateOptions) async throws -> UpdateResult {
        try checkName()
        try UpdateSpec.requireReplacement(replacement)
        let (query, collation) = try Self.query(filter, collation: options.collation, variables: options.variables)
        let seed = collation == nil ? query : try QueryFilter(filter, variables: options.variables)
        let upsert = options.upsert
        let name = self.name
        return try await engine.write { context in
            guard let target = try context.select(name, query, limit: 1, collation: collation).first, let id = target.document["_id"] else {
                guard upsert else { return UpdateResult(matchedCount: 0, modifiedCount: 0) }
                var created = replacement
                if created["_id"] == nil, let seededId = try seed.upsertSeed()["_id"] { created.insert("_id", seededId, at: 0) }
                created = try Self.withId(created)
                try context.insert(created, into: name)
                return UpdateResult(matchedCount: 0, modifiedCount: 0, upsertedId: created["_id"])
            }
            var next = replacement
            if let newId = next.removeValue(forKey: "_id"), newId != id {
                throw StoreError.immutableField("After applying the update, the (immutable) field '_id' was found to have been altered to _id: \(newId.extendedJSON())")
            }
            next.insert("_id", id, at: 0)
            guard next != target.document else { return UpdateResult(matchedCount: 1, modifiedCount: 0) }
            try context.replace(target.document, with: next, idKey: target.idKey, in: name)
            return UpdateResult(matchedCount: 1, modifiedCount: 1)
        }
    }

    func deleteOne(_ filter: Document, options: DeleteOptions) async throws -> Int { try await delete(filter, options: options, many: false) }

    func deleteMany(_ filter: Document, options: DeleteOptions) async throws -> Int { try await delete(filter, options: options, many: true) }

    private func delete(_ filter: Document, options: DeleteOptions, many: Bool) async throws -> Int {
        try checkName()
        let (query, collation) = try Self.query(filter, collation: options.collation, variables: options.variables)
        let name = self.name
        return try await engine.write { context in
            let targets = try context.select(name, query, limit: many ? nil : 1, collation: collation)
            for target in targets { try context.delete(target.document, idKey: target.idKey, from: name) }
            return targets.count
        }
    }

    func findOneAndUpdate(_ filter: Document, _ update: Document, options: FindOneAndUpdateOptions) async throws -> Document? {
        try checkName()
        let (query, collation) = try Self.query(filter, collation: options.collation, variables: options.variables)
        let spec = try UpdateSpec(update, arrayFilters: options.arrayFilters, variables: QueryFilter.constants(options.variables))
        let sort = try options.sort.map(SortSpec.init)
        let projection = try options.projection.map(Projection.init)
        let seed = collation == nil ? query : try QueryFilter(filter, variables: options.variables)
        let name = self.name
        let result: Document? = try await engine.write { context in
            let now = BSONDateTime.now
            guard let target = try context.select(name, query, sort: sort, limit: 1, collation: collation).first else {
                guard options.upsert else { return nil }
                var created = try seed.upsertSeed()
                try spec.apply(to: &created, isInsert: true, now: now)
                created = try Self.withId(created)
                try context.insert(created, into: name)
                return options.returnDocument == .after ? created : nil
            }
            var changed = target.document
            if try spec.apply(to: &changed, now: now) {
                try context.replace(target.document, with: changed, idKey: target.idKey, in: name)
            }
            return options.returnDocument == .after ? changed : target.document
        }
        return result.map { projection?.apply(to: $0) ?? $0 }
    }

    func createIndex(_ index: IndexModel) async throws -> String {
        try checkName()
        let name = self.name
        let indexName = index.name ?? index.defaultName
        let model = IndexModel(
            keys: index.keys, name: indexName, unique: index.unique, sparse: index.sparse, collation: Collation.folding(index.collation))
        try await engine.write { context in _ = try context.createIndex(model, in: name) }
        return indexName
    }

    func dropIndex(_ indexName: String) async throws {
        try checkName()
        let name = self.name
        try await engine.write { context in try context.dropIndex(indexName, in: name) }
    }

    func replaceAll(with documents: [Document]) async throws {
        try checkName()
        let prepared = try documents.map(Self.withId)
        let name = self.name
        try await engine.write { context in
            for old in try context.select(name, try QueryFilter([:])) { try context.delete(old.document, idKey: old.idKey, from: name) }
            for document in prepared { try context.insert(document, into: name) }
        }
    }

    func rename(to newName: String, dropTarget: Bool) async throws {
        try checkName()
        guard Self.isValidName(newName) else { throw StoreError(code: 73, codeName: "InvalidNamespace", message: "Invalid target namespace: \(newName)") }
        let name = self.name
        try await engine.write { context in try context.renameCollection(name, to: newName, dropTarget: dropTarget) }
    }

    func drop() async throws {
        try checkName()
        let name = self.name
        try await engine.write { context in _ = try context.dropCollection(name) }
    }
}
