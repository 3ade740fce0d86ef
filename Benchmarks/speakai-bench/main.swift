import EmbeddedStore
import Foundation

/// `speakai-bench <suite> [--seconds S] [--docs N] [--open-docs N]`: prints figures and ratios
/// against baselines run in the same process (or, for open times, in fresh child processes).
let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let suite = arguments.first ?? "bson"
let seconds = option("--seconds").flatMap(Double.init) ?? 1.0
/// The embedded store's settings: the defaults, `--mapped-mb N` to try another memory map.
let storeOptions: EmbeddedStore.Options = {
    var options = EmbeddedStore.Options()
    if let mapped = option("--mapped-mb").flatMap(Int.init) { options.mappedMiB = mapped }
    return options
}()

do {
    switch suite {
    case "bson":
        try BSONBenchmark.run(seconds: seconds)
    case "store":
        try await StoreBenchmark.run(
            documents: option("--docs").flatMap(Int.init) ?? 100_000,
            openDocuments: option("--open-docs").flatMap(Int.init) ?? 1_000_000,
            seconds: seconds, options: storeOptions)
    case "store-scale":
        try await ScaleBenchmark.run(
            documents: option("--docs").flatMap(Int.init) ?? 1_000_000,
            largeDocuments: option("--large-docs").flatMap(Int.init) ?? 10_000_000,
            seconds: seconds, largeFolder: option("--large-folder") ?? "/tmp/speakai-bench-large", options: storeOptions)
    case "store-renumber":
        try await RenumberBenchmark.run(documents: option("--docs").flatMap(Int.init) ?? 1_000_000, options: storeOptions)
    case "store-profile" where arguments.count >= 2:
        try await ProfileLoop.run(shape: arguments[1], seconds: seconds, options: storeOptions)
    case "store-large" where arguments.count >= 3:
        try await ScaleBenchmark.largeChild(path: arguments[1], documents: Int(arguments[2]) ?? 0, options: storeOptions)
    case "store-fill" where arguments.count >= 3:
        try await OpenBenchmark.fill(path: arguments[1], documents: Int(arguments[2]) ?? 0, index: arguments.contains("--index"))
    case "wire":
        try await WireBenchmark.run(
            documents: option("--docs").flatMap(Int.init) ?? 2000, seconds: seconds,
            python: option("--python") ?? ".venv/bin/python")
    case "wire-scan":
        try await WireScanBenchmark.run(documents: option("--scan-docs").flatMap(Int.init) ?? 200_000, python: option("--python") ?? ".venv/bin/python")
    case "offline":
        try await OfflineBenchmark.run(root: option("--root") ?? FileManager.default.currentDirectoryPath, seconds: seconds)
    case "fake-ai" where arguments.count == 2:
        try await FakeAIService.run(port: Int(arguments[1]) ?? 9100)
    case "store-open" where arguments.count == 3:
        try await OpenBenchmark.child(kind: arguments[1], path: arguments[2])
    default:
        FileHandle.standardError.write(Data("unknown benchmark suite '\(suite)'; known: bson, store, store-scale, offline, wire\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
