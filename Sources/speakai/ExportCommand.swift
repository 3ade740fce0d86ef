import ArgumentParser
import DocumentStore
import Foundation
import Transfer

/// `speakai export`: every collection of a data file to files MongoDB's tools read.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export collections as mongoexport JSON lines (COLLECTION.json) or a mongodump-style dump (COLLECTION.bson + .metadata.json).")

    @Option(name: .long, help: "The data file (env SPEAKAI_DATA; MONGODB_URL, when set, is used instead).")
    var data: String = ProcessInfo.processInfo.environment["SPEAKAI_DATA"] ?? "data/speakai.db"

    @Option(name: .long, help: "The folder to write into.")
    var out: String = "export"

    @Option(name: .long, help: "json (relaxed Extended JSON, one document a line) or bson.")
    var format: StoreTransfer.Format = .json

    @Option(name: .long, help: "Only this collection (repeatable).")
    var collection: [String] = []

    func run() async throws {
        let counts = try await StoreLocation.configured(dataFile: data).withStore(failurePrefix: "export failed") { store in
            try await StoreTransfer.export(store, to: URL(fileURLWithPath: out), format: format, collections: collection.isEmpty ? nil : collection)
        }
        for (name, count) in counts { print("\(name): \(count) documents → \(out)/\(name).\(format.rawValue)") }
    }
}

extension StoreTransfer.Format: ExpressibleByArgument {}
