import Foundation

/// A learner's progress over their mistakes (CONTRACT B§5.7).
public struct MistakeStatistics: Sendable, Equatable {
    public var total: Int
    public var mastered: Int
    public var learning: Int
    public var new: Int
    public var grammar: Int
    public var vocabulary: Int
    /// Not mastered and due now.
    public var dueForPractice: Int
    /// mastered / total × 100 (0 with no mistakes).
    public var masteryPercentage: Double

    public init(_ mistakes: [Mistake], now: Date) {
        total = mistakes.count
        mastered = mistakes.filter { $0.status == .mastered }.count
        learning = mistakes.filter { $0.status == .learning }.count
        new = mistakes.filter { $0.status == .new }.count
        grammar = mistakes.filter { $0.kind == .grammar }.count
        vocabulary = mistakes.filter { $0.kind == .vocabulary }.count
        dueForPractice = mistakes.filter { $0.status != .mastered && $0.nextPracticeDate <= now }.count
        masteryPercentage = total == 0 ? 0 : Double(mastered) / Double(total) * 100
    }
}
