import ArgumentParser
import EmbeddedStore

/// `speakai verify FILE`: reads a data file without changing it and reports what it holds.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a data file: records, collections, counts, and any torn tail or corruption (read-only).")

    @Argument(help: "The data file.")
    var file: String

    func run() async throws {
        let report = try DataFileVerifier.verify(path: file)
        print("\(report.path): \(report.bytes) bytes, \(report.records) intact records")
        for collection in report.collections {
            print("  \(collection.name): \(collection.documents) documents, indexes \(collection.indexes.joined(separator: ", "))")
        }
        if report.tornTailBytes > 0 {
            print("torn tail: \(report.tornTailBytes) bytes of an interrupted write at byte \(report.bytes - report.tornTailBytes); the next open cuts them off (nothing acknowledged is lost)")
        }
        if let offset = report.corruptionOffset {
            print("CORRUPT: damage at byte \(offset) with intact records after it: \(report.problem ?? "")")
            throw ExitCode(1)
        }
        if let problem = report.problem, report.tornTailBytes == 0 {
            print("PROBLEM: \(problem)")
            throw ExitCode(1)
        }
        if report.isHealthy { print("ok") }
    }
}
