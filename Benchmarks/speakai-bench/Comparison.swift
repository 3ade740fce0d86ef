import Foundation

/// Ours against a baseline, measured in alternating rounds (ours, baseline, ours, …) so that a
/// slow moment of the machine falls on both sides: the median rate of each and the median of
/// the per-round ratios, with the lowest and highest ratio seen.
struct Comparison {
    var ours: Double
    var baseline: Double
    var ratio: Double
    var lowest: Double
    var highest: Double
    var rounds: Int

    /// Runs `rounds` rounds of each side; each closure returns operations per second.
    static func alternating(rounds: Int = 5, ours: () async throws -> Double, baseline: () async throws -> Double) async rethrows -> Comparison {
        var oursRates: [Double] = []
        var baselineRates: [Double] = []
        for round in 0..<max(1, rounds) {
            // Alternate which side goes first, so neither always follows the other's work.
            let (a, b): (Double, Double)
            if round % 2 == 0 {
                a = try await ours()
                b = try await baseline()
            } else {
                b = try await baseline()
                a = try await ours()
            }
            oursRates.append(a)
            baselineRates.append(b)
        }
        return of(ours: oursRates, baseline: baselineRates)
    }

    /// The middle value (the upper of the two middle ones for an even count; 0 for none).
    static func median(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.sorted()[values.count / 2] }

    /// The comparison of rates measured in the same rounds (`ours[i]` beside `baseline[i]`).
    static func of(ours oursRates: [Double], baseline baselineRates: [Double]) -> Comparison {
        let ratios = zip(oursRates, baselineRates).map { $0 / $1 }
        return Comparison(ours: median(oursRates), baseline: median(baselineRates), ratio: median(ratios),
                          lowest: ratios.min() ?? 0, highest: ratios.max() ?? 0, rounds: ratios.count)
    }
}

/// Two table rows: the baseline's rate, then ours with the median ratio and its spread.
func report(_ name: String, _ comparison: Comparison, baselineName: String = "SQLite") {
    report("\(name): \(baselineName)", comparison.baseline)
    let padded = "\(name): ours".padding(toLength: max(name.count + 6, 46), withPad: " ", startingAt: 0)
    let figure = String(format: "%12.0f ops/s", comparison.ours)
    let ratio = String(format: comparison.ratio < 0.1 ? "%6.4fx" : "%6.2fx", comparison.ratio)
    let spread = String(format: "median of %d rounds, %.2f–%.2f", comparison.rounds, comparison.lowest, comparison.highest)
    print("  \(padded) \(figure)  \(ratio) \(baselineName) (\(spread))")
}
