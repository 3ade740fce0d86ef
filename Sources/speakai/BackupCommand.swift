import ArgumentParser
import EmbeddedStore
import Foundation

/// `speakai backup DEST`: a consistent copy of the data file, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the data file with SQLite's online backup (the server may keep running): one consistent snapshot, synced, then renamed to DEST.")

    @Option(name: .long, help: "The data file (env SPEAKAI_DATA).")
    var data: String = ProcessInfo.processInfo.environment["SPEAKAI_DATA"] ?? "data/speakai.db"

    @Argument(help: "Where to write the copy.")
    var destination: String

    func run() async throws {
        let bar = ProgressBar()
        let report = try DataFileMaintenance.backup(path: data, to: destination) { done, total in bar.draw("backup", done: done, of: total) }
        print("\(data) -> \(destination): \(report.bytesAfter) bytes")
    }
}
