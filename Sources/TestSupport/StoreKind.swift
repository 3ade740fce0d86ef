import DocumentStore
import EmbeddedStore
import Foundation
import Logging
import MongoStore
import Wire

/// The store implementations that suites run against. `.mongo` is `MongoStore` (libmongoc)
/// talking over TCP to this project's wire-protocol server, which serves a fresh embedded store:
/// the same path a real MongoDB deployment is reached by.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case embedded
    case mongo

    public var description: String { rawValue }
}

/// Runs `body` with a fresh, empty store of the given kind (its data file in `directory`), then
/// closes it, also when `body` throws.
public func withStore<R: Sendable>(_ kind: StoreKind, in directory: URL, _ body: (any DocumentStore) async throws -> R) async throws -> R {
    let embedded = try EmbeddedStore(path: directory.appendingPathComponent("test.db").path)
    switch kind {
    case .embedded:
        return try await closing(embedded) { try await body(embedded) }
    case .mongo:
        return try await closing(embedded) {
            try await withWireServer(over: embedded) { port in
                let mongo = try MongoStore(url: "mongodb://127.0.0.1:\(port)/?serverSelectionTimeoutMS=5000", databaseName: "speak_ai_db")
                return try await closing(mongo) { try await body(mongo) }
            }
        }
    }
}

/// Serves `store` over the MongoDB wire protocol on a free loopback port while `body` runs.
public func withWireServer<R: Sendable>(over store: any DocumentStore, _ body: (Int) async throws -> R) async throws -> R {
    try await withWireServer(handler: WireCommandHandler(store: store, defaultDatabase: "speak_ai_db"), body)
}

/// Serves through `handler` (prepared by the caller: users created, …) on a free loopback port.
public func withWireServer<R: Sendable>(handler: WireCommandHandler, _ body: (Int) async throws -> R) async throws -> R {
    var logger = Logger(label: "speakai.test.wire")
    logger.logLevel = .warning
    let server = WireServer(handler: handler, logger: logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let serving = Task {
        try await server.run(addresses: [.tcp(host: "127.0.0.1", port: 0)]) { bound in
            if case .tcp(_, let port)? = bound.first { continuation.yield(port) }
            continuation.finish()
        }
    }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else {
        try await serving.value
        throw CancellationError()
    }
    // The server is stopped and awaited before returning, so it never outlives the store.
    let result: R
    do {
        result = try await body(port)
    } catch {
        serving.cancel()
        try? await serving.value
        throw error
    }
    serving.cancel()
    try await serving.value
    return result
}

/// Runs `body`, then closes `store` whether or not `body` threw.
private func closing<R>(_ store: any DocumentStore, _ body: () async throws -> R) async throws -> R {
    let result: R
    do {
        result = try await body()
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
    return result
}
