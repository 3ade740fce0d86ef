import ArgumentParser
import EmbeddedStore

/// `speakai compact FILE`: rewrites a data file as a snapshot of its live documents.
struct CompactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact a data file (the server must not be running on it).")

    @Argument(help: "The data file.")
    var file: String

    func run() async throws {
        let store = try EmbeddedStore(path: file)
        if store.openReport.truncatedBytes > 0 { print("note: \(store.openReport)") }
        let report = try await store.compact()
        try await store.close()
        let saved = report.bytesBefore > 0 ? 100 * (report.bytesBefore - report.bytesAfter) / report.bytesBefore : 0
        print("\(file): \(report.bytesBefore) -> \(report.bytesAfter) bytes (\(saved)% smaller), \(report.documents) documents in \(report.collections) collections")
    }
}
