import BSON
import DocumentStore

/// createIndexes, listIndexes, dropIndexes.
extension WireCommandHandler {
    func createIndexes(_ command: Document, database: String) async throws -> Document {
        let (collection, _) = try target(command, database: database)
        let specs = try Self.documents(command, "indexes")
        let existedBefore = try await collections(of: database).contains(command.firstField?.value.stringValue ?? "")
        let before = existedBefore ? try await collection.listIndexes().count : 0
        for spec in specs {
            guard let keys = spec["key"]?.documentValue, !keys.isEmpty else { throw WireCommandError.badValue("index specification has no 'key'") }
            guard keys.allSatisfy({ $0.value.numberValue.map { $0 == 1 || $0 == -1 } ?? false }) else {
                throw WireCommandError.notImplemented("an index other than ascending or descending fields (\(keys.extendedJSON()))")
            }
            if keys.count == 1, keys.firstField?.key == "_id" { continue }
            _ = try await collection.createIndex(IndexModel(
                keys: keys, name: spec["name"]?.stringValue, unique: spec["unique"]?.boolValue ?? false, sparse: spec["sparse"]?.boolValue ?? false,
                collation: try spec["collation"]?.documentValue.flatMap { try Collation($0) }))
        }
        let after = try await collection.listIndexes().count
        return ["createdCollectionAutomatically": .bool(!existedBefore), "numIndexesBefore": .int32(Int32(before)),
                "numIndexesAfter": .int32(Int32(after)), "ok": 1.0]
    }

    func listIndexes(_ command: Document, database: String) async throws -> Document {
        let (collection, namespace) = try target(command, database: database)
        guard try await collections(of: database).contains(command.firstField?.value.stringValue ?? "") else {
            throw WireCommandError(code: 26, codeName: "NamespaceNotFound", message: "ns does not exist: \(namespace)")
        }
        let indexes = try await collection.listIndexes().map(\.description)
        return try await cursorReply(indexes, namespace: namespace, batchSize: command["cursor"]?.documentValue?["batchSize"]?.integerValue)
    }

    func dropIndexes(_ command: Document, database: String) async throws -> Document {
        let (collection, _) = try target(command, database: database)
        let before = try await collection.listIndexes()
        switch command["index"] {
        case .string("*")?:
            for index in before where index.name != "_id_" { try await collection.dropIndex(index.name ?? index.defaultName) }
        case .string(let name)?:
            guard name != "_id_" else { throw WireCommandError(code: 72, codeName: "InvalidOptions", message: "cannot drop _id index") }
            try await collection.dropIndex(name)
        case .document(let keys)?:
            guard let index = before.first(where: { $0.keys == keys }) else { throw StoreError.indexNotFound("can't find index with key: \(keys.extendedJSON())") }
            try await collection.dropIndex(index.name ?? index.defaultName)
        default:
            throw WireCommandError.typeMismatch("'index' must be a name, '*' or a key pattern")
        }
        return ["nIndexesWas": .int32(Int32(before.count)), "ok": 1.0]
    }
}
