import BSON
import CLibBSON
import CLibMongoC
import DocumentStore
import Logging
import NIOPosix
import Synchronization

/// `DocumentStore` over libmongoc: a real MongoDB (standalone, replica set, Atlas) or any server
/// that speaks its wire protocol, such as `speakai serve --mongo-port`.
///
/// One `mongoc_client_pool_t` serves the process; every call runs on this store's own thread
/// pool (one thread per pooled client, so popping a client never waits), never on an event loop
/// or in Swift's cooperative pool.
public final class MongoStore: DocumentStore, @unchecked Sendable {
    // @unchecked: `pool` is libmongoc's thread-safe client pool; each popped client is used by
    // exactly one thread-pool thread inside `withClient` and pushed back before it returns.
    // `isClosed` is a Mutex.

    /// The database the collections live in (`DATABASE_NAME`).
    public let databaseName: String
    private let pool: OpaquePointer
    private let threads: NIOThreadPool
    private let isClosed = Mutex(false)

    /// Connects to the deployment at `url` (a `mongodb://` or `mongodb+srv://` connection
    /// string; `maxPoolSize` in it sets how many calls run at once, 8 by default). The URL is
    /// checked here; the server is first contacted by `ping()` or the first operation.
    /// - Throws: `StoreError.badValue` for a malformed URL.
    public init(url: String, databaseName: String) throws {
        MongoStore.initialiseLibrary
        var error = bson_error_t()
        guard let uri = mongoc_uri_new_with_error(url, &error) else {
            throw StoreError.badValue("Invalid MongoDB URL: \(MongoFailure.text(of: error))")
        }
        defer { mongoc_uri_destroy(uri) }
        guard !databaseName.isEmpty, !databaseName.contains(where: { "/\\. \"$".contains($0) }) else {
            throw StoreError(code: 73, codeName: "InvalidNamespace", message: "Invalid database name: '\(databaseName)'")
        }
        guard let pool = mongoc_client_pool_new_with_error(uri, &error) else {
            throw StoreError.badValue("Cannot use this MongoDB URL: \(MongoFailure.text(of: error))")
        }
        let connections = Int(max(1, min(64, mongoc_uri_get_option_as_int32(uri, MONGOC_URI_MAXPOOLSIZE, 8))))
        _ = mongoc_client_pool_set_error_api(pool, Int32(MONGOC_ERROR_API_VERSION_2))
        _ = mongoc_client_pool_set_appname(pool, "speakai")
        mongoc_client_pool_max_size(pool, UInt32(connections))
        self.pool = pool
        self.databaseName = databaseName
        threads = NIOThreadPool(numberOfThreads: connections)
        threads.start()
    }

    /// Runs `ping` on the server: fails with `HostUnreachable` (code 6) when it cannot be reached
    /// within the URL's `serverSelectionTimeoutMS`.
    public func ping() async throws {
        let database = databaseName
        try await withClient { client in
            let command = try BSONHandle(["ping": 1])
            try withScratchDocument { reply in
                var error = bson_error_t()
                guard mongoc_client_command_simple(client, database, command.pointer, nil, reply, &error) else {
                    throw MongoFailure.storeError(error, reply: reply)
                }
            }
        }
    }

    public func collection(_ name: String) -> any DocumentCollection {
        MongoCollection(store: self, name: name)
    }

    public func listCollections() async throws -> [String] {
        let database = databaseName
        return try await withClient { client in
            guard let handle = mongoc_client_get_database(client, database) else { throw StoreError.badValue("Invalid database name") }
            defer { mongoc_database_destroy(handle) }
            var error = bson_error_t()
            guard let names = mongoc_database_get_collection_names_with_opts(handle, nil, &error) else {
                throw MongoFailure.storeError(error)
            }
            defer { bson_strfreev(names) }
            var result: [String] = []
            var index = 0
            while let name = names[index] {
                result.append(String(cString: name))
                index += 1
            }
            return result.filter { !$0.hasPrefix("system.") }.sorted()
        }
    }

    /// Waits for the calls under way, then closes every connection. Later calls fail.
    public func close() async throws {
        let alreadyClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !alreadyClosed else { return }
        try await threads.shutdownGracefully()
        // Destroying the pool ends the server sessions over the network: a blocking call, so it
        // runs on NIO's shared blocking pool, not on the task's (cooperative) thread.
        try await NIOThreadPool.singleton.runIfActive { [self] in
            mongoc_client_pool_destroy(pool)
        }
    }

    /// Runs `body` on this store's thread pool with a client from the pool.
    func withClient<R: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> R) async throws -> R {
        guard !isClosed.withLock({ $0 }) else { throw StoreError.storageFailure("The MongoDB store is closed") }
        do {
            return try await threads.runIfActive { [self] in
                guard let client = mongoc_client_pool_pop(pool) else { throw StoreError.storageFailure("No MongoDB client") }
                defer { mongoc_client_pool_push(pool, client) }
                return try body(client)
            }
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            throw StoreError.storageFailure("The MongoDB store is closed")
        }
    }

    /// Runs `body` on this store's thread pool with the named collection.
    func withCollection<R: Sendable>(_ name: String, _ body: @escaping @Sendable (OpaquePointer) throws -> R) async throws -> R {
        let database = databaseName
        return try await withClient { client in
            guard let collection = mongoc_client_get_collection(client, database, name) else {
                throw StoreError(code: 73, codeName: "InvalidNamespace", message: "Invalid collection name: '\(name)'")
            }
            defer { mongoc_collection_destroy(collection) }
            return try body(collection)
        }
    }

    /// libmongoc's process-wide set-up, done once: `mongoc_init` and a log handler that sends
    /// warnings and errors to swift-log and drops the chatter.
    private static let initialiseLibrary: Void = {
        mongoc_init()
        mongoc_log_set_handler({ @Sendable level, domain, message, _ in
            guard level.rawValue <= MONGOC_LOG_LEVEL_WARNING.rawValue else { return }
            let text = message.map { String(cString: $0) } ?? ""
            let origin = domain.map { String(cString: $0) } ?? "mongoc"
            libmongocLogger.warning("libmongoc", metadata: ["domain": "\(origin)", "message": "\(text)"])
        }, nil)
    }()
}

/// Where libmongoc's warnings go.
private let libmongocLogger = Logger(label: "speakai.mongoc")
