import Foundation

/// `speakai-bench <suite> [--seconds S]`: prints figures and ratios against baselines run in
/// the same process.
let arguments = CommandLine.arguments.dropFirst()
let suite = arguments.first ?? "bson"
var seconds = 1.0
if let i = arguments.firstIndex(of: "--seconds"), arguments.index(after: i) < arguments.endIndex,
    let s = Double(arguments[arguments.index(after: i)])
{
    seconds = s
}

do {
    switch suite {
    case "bson": try BSONBenchmark.run(seconds: seconds)
    default:
        FileHandle.standardError.write(Data("unknown benchmark suite '\(suite)'; known: bson\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
