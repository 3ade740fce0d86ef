import Foundation

/// Runs `body` repeatedly for about `seconds` after a short warm-up and returns operations per
/// second. `body` returns a value that is folded into a sink so the work cannot be optimised away.
func opsPerSecond(seconds: Double = 1.0, _ body: () throws -> Int) rethrows -> Double {
    var sink = 0
    let clock = ContinuousClock()
    let warmUp = clock.now.advanced(by: .milliseconds(200))
    while clock.now < warmUp { sink &+= try body() }
    var count = 0
    let start = clock.now
    let deadline = start.advanced(by: .nanoseconds(Int64(seconds * 1e9)))
    while clock.now < deadline {
        for _ in 0..<64 { sink &+= try body() }
        count += 64
    }
    let elapsed = start.duration(to: clock.now)
    let secondsTaken = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    if sink == 42 { print("") }  // keeps `sink` alive
    return Double(count) / secondsTaken
}

/// A table row: name, ops/s, and the ratio against a baseline figure.
func report(_ name: String, _ ops: Double, baseline: (String, Double)? = nil) {
    let padded = name.padding(toLength: max(name.count, 46), withPad: " ", startingAt: 0)
    let figure = String(format: "%12.0f ops/s", ops)
    if let (baseName, baseOps) = baseline {
        let ratio = ops / baseOps
        print("  \(padded) \(figure)  " + String(format: ratio < 0.1 ? "%6.4fx" : "%6.2fx", ratio) + " \(baseName)")
    } else {
        print("  \(padded) \(figure)")
    }
}

/// `opsPerSecond` for async work.
func asyncOpsPerSecond(seconds: Double = 1.0, _ body: () async throws -> Int) async rethrows -> Double {
    var sink = 0
    let clock = ContinuousClock()
    let warmUp = clock.now.advanced(by: .milliseconds(200))
    while clock.now < warmUp { sink &+= try await body() }
    var count = 0
    let start = clock.now
    let deadline = start.advanced(by: .nanoseconds(Int64(seconds * 1e9)))
    while clock.now < deadline {
        for _ in 0..<16 { sink &+= try await body() }
        count += 16
    }
    let elapsed = start.duration(to: clock.now)
    if sink == 42 { print("") }
    return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// The process's resident set size in bytes (Linux `/proc/self/status`).
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1024
    }
    return 0
}

/// A new, empty folder under the system's temporary directory, named `prefix-<UUID>` (the
/// caller removes it).
func scratchDirectory(_ prefix: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
