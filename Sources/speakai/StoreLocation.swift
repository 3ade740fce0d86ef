import DocumentStore
import EmbeddedStore
import Foundation
import Logging
import MongoStore
import Transfer

/// Where a command's documents live: an embedded data file, or a MongoDB deployment reached
/// through libmongoc.
enum StoreLocation: CustomStringConvertible {
    case file(path: String)
    case mongo(url: String, database: String)

    /// `MONGODB_URL` (with `DATABASE_NAME`, default `speak_ai_db`) when it is set, as in the
    /// original service; else the embedded data file.
    static func configured(dataFile: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreLocation {
        if let url = environment["MONGODB_URL"], !url.isEmpty {
            return .mongo(url: url, database: databaseName(environment))
        }
        return .file(path: dataFile)
    }

    /// A `mongodb://` or `mongodb+srv://` URL, or else a data file path.
    static func parse(_ argument: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreLocation {
        if argument.hasPrefix("mongodb://") || argument.hasPrefix("mongodb+srv://") {
            return .mongo(url: argument, database: databaseName(environment))
        }
        return .file(path: argument)
    }

    /// `DATABASE_NAME`, or the original service's `speak_ai_db` when unset or empty.
    static func databaseName(_ environment: [String: String]) -> String {
        environment["DATABASE_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "speak_ai_db"
    }

    /// Opens the store; a MongoDB deployment is pinged first, so an unreachable or refused one
    /// fails here with the reason.
    func open(logger: Logger? = nil) async throws -> any DocumentStore {
        switch self {
        case .file(let path):
            var options = EmbeddedStore.Options.fromEnvironment()
            if let logger { options.logger = logger }
            return try EmbeddedStore(path: path, options: options)
        case .mongo(let url, let database):
            let store: MongoStore
            do {
                store = try MongoStore(url: url, databaseName: database)
            } catch let error as StoreError {
                throw CommandFailure(description: "\(self): \(error.message)")
            }
            do {
                try await store.ping()
            } catch {
                try? await store.close()
                throw CommandFailure(description: "\(self): \((error as? StoreError)?.message ?? "\(error)")")
            }
            return store
        }
    }

    /// Opens the store, runs `body` with it and closes it, also when `body` throws. A
    /// `TransferError` from `body` becomes a `CommandFailure` saying `failurePrefix` first.
    func withStore<R>(failurePrefix: String, logger: Logger? = nil, _ body: (any DocumentStore) async throws -> R) async throws -> R {
        let store = try await open(logger: logger)
        let result: R
        do {
            result = try await body(store)
        } catch let error as TransferError {
            try? await store.close()
            throw CommandFailure(description: "\(failurePrefix): \(error)")
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        return result
    }

    /// The location for logs and messages, with any password in the URL hidden.
    var description: String {
        switch self {
        case .file(let path): return path
        case .mongo(let url, let database): return "\(Self.redacted(url)) (database \(database))"
        }
    }

    private static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
