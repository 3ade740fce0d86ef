/// Word-level edit distance, for word error rates: the fewest words substituted, inserted or
/// deleted to turn `reference` into `heard`.
public enum WordEdits {
    public static func count(_ reference: [String], _ heard: [String]) -> Int {
        var row = Array(0...heard.count)
        for (i, r) in reference.enumerated() {
            var previous = row[0]
            row[0] = i + 1
            for (j, h) in heard.enumerated() {
                let saved = row[j + 1]
                row[j + 1] = min(row[j + 1] + 1, row[j] + 1, previous + (r == h ? 0 : 1))
                previous = saved
            }
        }
        return row[heard.count]
    }
}
