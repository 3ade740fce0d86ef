import Foundation

/// Chooses a drill session (CONTRACT B§5.7): mistakes in the drill queue and not mastered; those
/// due now first, each group by priority; then upcoming ones fill the session.
public enum DrillPlanner {
    public static func session(from mistakes: [Mistake], size: Int, now: Date) -> [Mistake] {
        let queued = mistakes.filter { $0.inDrillQueue && $0.status != .mastered }
        let ranked = queued.map { ($0, SpacedRepetition.priority(of: $0, now: now)) }
        let due = ranked.filter { $0.0.nextPracticeDate <= now }.sorted { $0.1 > $1.1 }
        let upcoming = ranked.filter { $0.0.nextPracticeDate > now }.sorted { $0.1 > $1.1 }
        return Array((due + upcoming).prefix(max(0, size)).map(\.0))
    }

    /// `session_<UTC YYYYmmddHHMMSS>`.
    public static func sessionID(at now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        func two(_ v: Int?) -> String { String(format: "%02d", v ?? 0) }
        return "session_\(c.year ?? 0)\(two(c.month))\(two(c.day))\(two(c.hour))\(two(c.minute))\(two(c.second))"
    }
}
