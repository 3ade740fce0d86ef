import Foundation
import TestSupport

/// Runs the `speakai-store-torture` child built beside the test runner, kills it with SIGKILL
/// after `killAfter` (if it is still running), and returns the complete lines it printed.
func runTortureChild(_ arguments: [String], killAfter: Duration?) async throws -> (lines: [String], status: Int32) {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [directory, directory.deletingLastPathComponent(), directory.deletingLastPathComponent().deletingLastPathComponent()]
    guard let binary = candidates.map({ $0.appendingPathComponent("speakai-store-torture") })
        .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
    else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "speakai-store-torture not built beside \(directory.path)"])
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let output = try ChildOutputFile()
    process.standardOutput = output.handle
    try process.run()
    if let killAfter {
        try await Task.sleep(for: killAfter)
        kill(process.processIdentifier, SIGKILL)
    }
    let status = await process.exitStatus() ?? -1
    let text = output.text()
    // A line cut by the kill has no newline: drop it.
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines.removeLast()
    return (lines, status)
}
