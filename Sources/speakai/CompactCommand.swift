import ArgumentParser
import EmbeddedStore

/// `speakai compact FILE`: rewrites a data file without its free pages.
struct CompactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact a data file (VACUUM INTO a temporary file, synced, renamed; the server must not be running on it).")

    @Argument(help: "The data file.")
    var file: String

    func run() async throws {
        let bar = ProgressBar()
        let report = try DataFileMaintenance.compact(path: file, renumbering: { done, total in bar.draw("rows", done: done, of: total) }) { done, total in
            bar.draw("compact", done: done, of: total)
        }
        let saved = report.bytesBefore > 0 ? 100 * (report.bytesBefore - report.bytesAfter) / report.bytesBefore : 0
        print("\(file): \(report.bytesBefore) -> \(report.bytesAfter) bytes (\(saved)% smaller)")
        if report.documentsMoved > 0 {
            print("\(report.documentsMoved) documents moved into the rows made from their ObjectIds (faster look-ups by _id)")
        }
    }
}
