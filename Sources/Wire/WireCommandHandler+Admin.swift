import BSON
import DocumentStore
import Foundation

/// Handshake, server information, databases and collections.
extension WireCommandHandler {
    func hello(_ command: Document, legacy: Bool, connectionID: Int64) -> Document {
        var reply: Document = [
            "helloOk": true, "isWritablePrimary": true,
            "maxBsonObjectSize": .int32(Int32(Self.maxDocumentSize)), "maxMessageSizeBytes": .int32(Int32(Self.maxMessageSize)),
            "maxWriteBatchSize": 100_000, "localTime": .datetime(BSONDateTime(Date())), "logicalSessionTimeoutMinutes": 30,
            "connectionId": .int64(connectionID), "minWireVersion": 0, "maxWireVersion": 17, "readOnly": false, "ok": 1.0,
        ]
        if legacy { reply.insert("ismaster", true, at: 0) }
        return reply
    }

    func buildInfo() -> Document {
        [
            "version": "6.0.0", "gitVersion": "speakai-embedded", "versionArray": [6, 0, 0, 0], "bits": 64, "debug": false,
            "maxBsonObjectSize": .int32(Int32(Self.maxDocumentSize)), "storageEngines": ["speakai-embedded"], "modules": [], "ok": 1.0,
        ]
    }

    func getParameter(_ command: Document) -> Document {
        let known: Document = ["featureCompatibilityVersion": ["version": "6.0"], "authenticationMechanisms": [], "maxBSONDepth": 200]
        var reply = Document()
        let all = command.firstField?.value == "*" || command["allParameters"]?.boolValue == true
        for (key, value) in known where all || command[key] != nil { reply[key] = value }
        reply["ok"] = 1.0
        return reply
    }

    func serverStatus() -> Document {
        ["host": .string(ProcessInfo.processInfo.hostName), "version": "6.0.0", "process": "speakai", "uptime": .double(Date().timeIntervalSince(startedAt)),
         "localTime": .datetime(BSONDateTime(Date())), "ok": 1.0]
    }

    func listDatabases(_ command: Document) async throws -> Document {
        let all = try await store.listCollections()
        var names: [String] = [defaultDatabase]
        for name in all { if let dot = name.firstIndex(of: "."), case let db = String(name[..<dot]), !names.contains(db) { names.append(db) } }
        if command["nameOnly"]?.boolValue == true {
            return ["databases": .array(names.map { ["name": .string($0)] }), "ok": 1.0]
        }
        return ["databases": .array(names.map { ["name": .string($0), "sizeOnDisk": 0, "empty": false] }), "totalSize": 0, "ok": 1.0]
    }

    func listCollections(_ command: Document, database: String) async throws -> Document {
        let filter = try QueryFilter(command["filter"]?.documentValue ?? Document())
        let nameOnly = command["nameOnly"]?.boolValue ?? false
        let infos: [Document] = try await collections(of: database).map { name in
            nameOnly ? ["name": .string(name), "type": "collection"]
                : ["name": .string(name), "type": "collection", "options": [:], "info": ["readOnly": false], "idIndex": ["v": 2, "key": ["_id": 1], "name": "_id_"]]
        }.filter(filter.matches)
        return try await cursorReply(infos, namespace: "\(database).$cmd.listCollections", batchSize: command["cursor"]?.documentValue?["batchSize"]?.integerValue)
    }

    func create(_ command: Document, database: String) async throws -> Document {
        let (collection, namespace) = try target(command, database: database)
        if try await collections(of: database).contains(collection.name.split(separator: ".").last.map(String.init) ?? collection.name) {
            throw WireCommandError(code: 48, codeName: "NamespaceExists", message: "Collection \(namespace) already exists.")
        }
        _ = try await collection.createIndex(IndexModel(keys: ["_id": 1], name: "_id_"))
        return ["ok": 1.0]
    }

    /// `renameCollection: "db.from", to: "db.to", dropTarget`: run on `admin`, as in mongod.
    func renameCollection(_ command: Document, database: String) async throws -> Document {
        guard database == "admin" else {
            throw WireCommandError(code: 13, codeName: "Unauthorized", message: "renameCollection may only be run against the admin database.")
        }
        func split(_ value: BSONValue?, _ field: String) throws -> (database: String, collection: String) {
            guard case .string(let namespace)? = value, let dot = namespace.firstIndex(of: "."), dot != namespace.startIndex,
                  namespace.index(after: dot) != namespace.endIndex else {
                throw WireCommandError.invalidNamespace("Invalid \(field) namespace: \(value.map { $0.extendedJSON() } ?? "missing")")
            }
            return (String(namespace[..<dot]), String(namespace[namespace.index(after: dot)...]))
        }
        let from = try split(command.firstField?.value, "source")
        let to = try split(command["to"], "target")
        // System collections (users) are managed by their own commands only.
        guard !from.collection.hasPrefix("system."), !to.collection.hasPrefix("system.") else {
            throw WireCommandError(code: 20, codeName: "IllegalOperation", message: "renameCollection cannot rename to or from a system collection")
        }
        let source = store.collection(try storeName(from.collection, database: from.database))
        try await source.rename(to: try storeName(to.collection, database: to.database), dropTarget: command["dropTarget"].map(AggregationExpression.truthy) ?? false)
        return ["ok": 1.0]
    }

    func drop(_ command: Document, database: String) async throws -> Document {
        let (collection, namespace) = try target(command, database: database)
        let before = try await collection.listIndexes().count
        try await collection.drop()
        return ["nIndexesWas": .int32(Int32(before)), "ns": .string(namespace), "ok": 1.0]
    }

    func dropDatabase(_ database: String) async throws -> Document {
        for name in try await collections(of: database) { try await store.collection(try storeName(name, database: database)).drop() }
        return ["dropped": .string(database), "ok": 1.0]
    }
}
