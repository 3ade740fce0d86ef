import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import MongoStore
import TestSupport
import Wire

/// `speakai-bench wire`: one workload (durable single inserts, find by _id, find with a filter,
/// update by _id) on the in-process API of the embedded store, then through the wire protocol
/// with libmongoc (MongoStore) and with pymongo (a child process), all against the same kind of
/// store in the same run.
enum WireBenchmark {
    /// ops/s of each step of the workload.
    struct Figures {
        var insert = 0.0
        var findById = 0.0
        var findFilter = 0.0
        var update = 0.0
        /// `ping` round trips: the protocol's floor (wire clients only).
        var ping = 0.0
    }

    static func run(documents: Int, seconds: Double, python: String) async throws {
        try await withTemporaryDirectory { directory in
            print("Wire benchmark: \(documents) durable single inserts, then \(seconds) s each of find by _id, find {age: k} (limit 10), update by _id ($inc)")
            let local = try EmbeddedStore(path: directory.appendingPathComponent("local.db").path)
            let inProcess = try await workload(local.collection("items"), documents: documents, seconds: seconds)
            try await local.close()
            let served = try EmbeddedStore(path: directory.appendingPathComponent("served.db").path)
            let (libmongoc, pymongo) = try await withWireServer(over: served) { port in
                let viaLibmongoc = try await libmongocWorkload(url: "mongodb://127.0.0.1:\(port)/?directConnection=true", documents: documents, seconds: seconds)
                let viaPymongo = try pymongoWorkload(python: python, port: port, documents: documents, seconds: seconds)
                return (viaLibmongoc, viaPymongo)
            }
            try await served.close()
            // The same through libmongoc once a user exists: logged in with SCRAM-SHA-256 once per
            // connection, then every command is checked against the user's roles.
            let guarded = try EmbeddedStore(path: directory.appendingPathComponent("guarded.db").path)
            let handler = WireCommandHandler(store: guarded, defaultDatabase: "speak_ai_db")
            _ = await handler.respond(to: ["createUser": "bench", "pwd": "bench-pass-1", "roles": [["role": "readWrite", "db": "speak_ai_db"]], "$db": "speak_ai_db"])
            let authenticated = try await withWireServer(handler: handler) { port in
                try await libmongocWorkload(
                    url: "mongodb://bench:bench-pass-1@127.0.0.1:\(port)/?directConnection=true&authSource=speak_ai_db", documents: documents, seconds: seconds)
            }
            try await guarded.close()
            report("ping round trip: libmongoc", libmongoc.ping)
            report("ping round trip: libmongoc, authenticated", authenticated.ping, baseline: ("open", libmongoc.ping))
            report("find by _id: libmongoc, authenticated", authenticated.findById, baseline: ("open", libmongoc.findById))
            report("update by _id (durable): libmongoc, authenticated", authenticated.update, baseline: ("open", libmongoc.update))
            report("ping round trip: pymongo", pymongo.ping, baseline: ("libmongoc", libmongoc.ping))
            let base = "in-process"
            for (step, path) in [("insert (durable)", \Figures.insert), ("find by _id", \Figures.findById),
                                 ("find with filter", \Figures.findFilter), ("update by _id (durable)", \Figures.update)] {
                report("\(step): in-process API", inProcess[keyPath: path])
                report("\(step): libmongoc over the wire", libmongoc[keyPath: path], baseline: (base, inProcess[keyPath: path]))
                report("\(step): pymongo over the wire", pymongo[keyPath: path], baseline: (base, inProcess[keyPath: path]))
            }
        }
    }

    /// The workload through libmongoc (MongoStore) at `url`, and its `ping` round trips.
    static func libmongocWorkload(url: String, documents: Int, seconds: Double) async throws -> Figures {
        let mongo = try MongoStore(url: url, databaseName: "speak_ai_db")
        var figures = try await workload(mongo.collection("libmongoc"), documents: documents, seconds: seconds)
        figures.ping = try await asyncOpsPerSecond(seconds: seconds) {
            try await mongo.ping()
            return 1
        }
        try await mongo.close()
        return figures
    }

    /// The workload on one collection.
    static func workload(_ items: any DocumentCollection, documents: Int, seconds: Double) async throws -> Figures {
        var figures = Figures()
        let prepared = (0..<documents).map(StoreBenchmark.smallDocument)
        figures.insert = try await StoreBenchmark.timed(documents) { for document in prepared { try await items.insertOne(document) } }
        let ids = prepared.compactMap { $0["_id"] }
        var i = 0
        figures.findById = try await asyncOpsPerSecond(seconds: seconds) {
            i &+= 7919
            return try await items.findOne(["_id": ids[i % ids.count]]) == nil ? 0 : 1
        }
        figures.findFilter = try await asyncOpsPerSecond(seconds: seconds) {
            i &+= 31
            return try await items.find(["age": .int32(Int32(i % 100))], options: FindOptions(limit: 10)).count
        }
        figures.update = try await asyncOpsPerSecond(seconds: seconds) {
            i &+= 7919
            return try await items.updateOne(["_id": ids[i % ids.count]], ["$inc": ["visits": 1]]).modifiedCount
        }
        return figures
    }

    /// The same workload from pymongo (`scripts/bench/wire_client.py`), read from its JSON line.
    static func pymongoWorkload(python: String, port: Int, documents: Int, seconds: Double) throws -> Figures {
        let script = ProjectFolder.root.appendingPathComponent("scripts/bench/wire_client.py").path
        let output = String(decoding: try ExternalTool.output(python, [script, "mongodb://127.0.0.1:\(port)/?directConnection=true", String(documents), String(seconds)]), as: UTF8.self)
        guard let line = output.split(separator: "\n").last else { throw CocoaError(.fileReadCorruptFile) }
        let result = try JSONDecoder().decode([String: Double].self, from: Data(line.utf8))
        return Figures(insert: result["insert"] ?? 0, findById: result["find_by_id"] ?? 0, findFilter: result["find_filter"] ?? 0, update: result["update"] ?? 0,
                       ping: result["ping"] ?? 0)
    }
}
