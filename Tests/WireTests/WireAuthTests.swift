import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import MongoStore
import Testing
import TestSupport
@testable import Wire

@Suite("Wire authentication through libmongoc")
struct WireAuthTests {
    @Test("MongoStore logs in with SCRAM-SHA-256 from its URI; without credentials or with a wrong password it is refused")
    func libmongoc() async throws {
        try await withTemporaryDirectory { directory in
            let store = try EmbeddedStore(path: directory.appendingPathComponent("auth.db").path)
            // Given a user with readWrite on the application's database (made under the localhost exception)
            let handler = WireCommandHandler(store: store, defaultDatabase: "speak_ai_db")
            let created = await handler.respond(to: [
                "createUser": "app", "pwd": "app-pass-1", "roles": [["role": "readWrite", "db": "speak_ai_db"]], "$db": "speak_ai_db",
            ])
            #expect(created["ok"] == 1.0)
            try await withWireServer(handler: handler) { port in
                // When MongoStore connects with the user's credentials, then it reads and writes
                let url = "mongodb://app:app-pass-1@127.0.0.1:\(port)/?authSource=speak_ai_db&authMechanism=SCRAM-SHA-256&serverSelectionTimeoutMS=5000"
                let app = try MongoStore(url: url, databaseName: "speak_ai_db")
                try await app.collection("items").insertOne(["_id": 1, "v": "secret"])
                #expect(try await app.collection("items").findOne(["_id": 1])?["v"] == "secret")
                try await app.close()
                // And without credentials, or with a wrong password, it is refused
                for refused in ["mongodb://127.0.0.1:\(port)/?serverSelectionTimeoutMS=2000",
                                "mongodb://app:wrong@127.0.0.1:\(port)/?authSource=speak_ai_db&serverSelectionTimeoutMS=2000"] {
                    let client = try MongoStore(url: refused, databaseName: "speak_ai_db")
                    let error = await storeError { _ = try await client.collection("items").findOne(["_id": 1]) }
                    #expect(error?.code == 13 || error?.code == 18, "\(refused): \(String(describing: error))")
                    try await client.close()
                }
            }
            try await store.close()
        }
    }
}
