import ArgumentParser
import DocumentStore
import Foundation
import Transfer

/// `speakai seed`: loads the project's demo data (`seed/`) into the store.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load the demo learner with conversations, messages, recordings, feedback and mistakes (the project's seed/ folder).")

    @Option(name: .long, help: "The data file (env SPEAKAI_DATA; MONGODB_URL, when set, is used instead). Recordings go beside it, under uploads/.")
    var data: String = ProcessInfo.processInfo.environment["SPEAKAI_DATA"] ?? "data/speakai.db"

    @Option(name: .long, help: "The seed folder (default: seed/ under SPEAKAI_ROOT or the current folder).")
    var from: String?

    @Flag(name: .long, help: "Delete the seed's own documents and insert them afresh.")
    var reset = false

    func run() async throws {
        let root = ProcessInfo.processInfo.environment["SPEAKAI_ROOT"] ?? FileManager.default.currentDirectoryPath
        let folder = URL(fileURLWithPath: from ?? (root as NSString).appendingPathComponent("seed"))
        let seed: SeedFolder
        do {
            seed = try SeedFolder(folder: folder)
        } catch let error as TransferError {
            throw CommandFailure(description: "nothing seeded: \(error)")
        }
        let outcome = try await StoreLocation.configured(dataFile: data).withStore(failurePrefix: "nothing seeded") { store in
            try await seed.apply(to: store, reset: reset)
        }
        let recordings = try seed.copyUploads(into: URL(fileURLWithPath: data).deletingLastPathComponent())
        switch outcome {
        case .seeded(let counts):
            for (name, count) in counts.sorted(by: { $0.key < $1.key }) { print("\(name): \(count) documents seeded") }
        case .alreadySeeded(let documents):
            print("Already seeded: all \(documents) seed documents are stored; nothing changed (--reset restores them).")
        }
        print("\(recordings) recordings copied; the demo login is in \(folder.appendingPathComponent("README.md").path)")
    }
}
