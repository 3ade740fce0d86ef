import ArgumentParser
import EmbeddedStore

/// `speakai verify FILE`: checks a data file without changing it (also while a server runs).
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a data file: SQLite's integrity, every document's checksum and BSON, every index entry against its document (read-only; safe while the server runs).")

    @Argument(help: "The data file.")
    var file: String

    func run() async throws {
        let bar = ProgressBar()
        let report = try DataFileVerifier.verify(path: file) { done, total in bar.draw("verify", done: done, of: total) }
        print("\(report.path): \(report.bytes) bytes, format \(report.formatVersion), \(report.indexEntries) index entries checked")
        for collection in report.collections {
            print("  \(collection.name): \(collection.documents) documents, indexes \(collection.indexes.joined(separator: ", "))")
        }
        if report.tornTailBytes > 0 {
            print("torn tail: \(report.tornTailBytes) bytes of an interrupted write; the upgrade leaves them out (nothing acknowledged is lost)")
        }
        if report.formatVersion == 1 { print("first format: the next open upgrades it (the original is kept as \(file).v1)") }
        if report.formatVersion == 2 { print("second format: the next open converts it to format 3 in place, in one transaction") }
        if report.documentsInSequentialRows > 0 {
            print("\(report.documentsInSequentialRows) documents with ObjectIds were stored before rows were made from them: `speakai compact` moves them (faster look-ups by _id)")
        }
        for problem in report.problems { print("PROBLEM: \(problem)") }
        guard report.isHealthy else { throw ExitCode(1) }
        print("ok")
    }
}
