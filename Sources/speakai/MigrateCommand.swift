import ArgumentParser
import Foundation
import Transfer

/// `speakai migrate`: every collection and index from one store to another (data file ⇄
/// MongoDB), with a progress bar and a count check.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy every collection and index between a data file and MongoDB (either way), then check the counts.")

    @Option(name: .long, help: "The source: a mongodb:// or mongodb+srv:// URL, or a data file.")
    var from: String

    @Option(name: .long, help: "The destination: a mongodb:// or mongodb+srv:// URL, or a data file (created when missing).")
    var to: String

    @Option(name: .long, help: "Only this collection (repeatable).")
    var collection: [String] = []

    @Flag(name: .long, help: "Drop destination collections that already hold documents (otherwise they stop the migration before anything is written).")
    var drop = false

    @Option(name: .long, help: "Documents per batch.")
    var batchSize = 1000

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        let source = StoreLocation.parse(from)
        let destination = StoreLocation.parse(to)
        if case .file(let path) = source, !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(description: "no data file at \(path)")
        }
        if case .file(let a) = source, case .file(let b) = destination,
            URL(fileURLWithPath: a).standardizedFileURL == URL(fileURLWithPath: b).standardizedFileURL {
            throw CommandFailure(description: "--from and --to are the same file")
        }
        let counts = try await source.withStore(failurePrefix: "nothing migrated") { sourceStore in
            try await destination.withStore(failurePrefix: "nothing migrated") { destinationStore in
                let bar = ProgressBar()
                let migration = StoreMigration(from: sourceStore, to: destinationStore, batchSize: batchSize, dropExisting: drop)
                return try await migration.run(collections: collection.isEmpty ? nil : collection) { bar.show($0) }
            }
        }
        print("Count check (\(source) → \(destination)):")
        for count in counts {
            print("  \(count.collection): \(count.source) → \(count.destination) \(count.matches ? "ok" : "MISMATCH")")
        }
        let mismatched = counts.filter { !$0.matches }.map(\.collection)
        guard mismatched.isEmpty else {
            throw CommandFailure(description: "the counts differ for \(mismatched.joined(separator: ", ")) (was the source written to during the migration?)")
        }
    }
}
