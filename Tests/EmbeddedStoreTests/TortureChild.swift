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
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
    if let killAfter {
        try await Task.sleep(for: killAfter)
        kill(process.processIdentifier, SIGKILL)
    }
    let data = await reader.value
    let status = process.exitStatus() ?? -1
    let text = String(decoding: data, as: UTF8.self)
    // A line cut by the kill has no newline: drop it.
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines.removeLast()
    return (lines, status)
}
