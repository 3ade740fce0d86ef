import BSON
import Foundation

/// A BSON regular expression compiled once for matching. NSRegularExpression is immutable and
/// documented as thread-safe, hence `@unchecked Sendable`.
struct CompiledRegex: @unchecked Sendable {
    let source: BSONRegex
    private let expression: NSRegularExpression

    init(_ regex: BSONRegex) throws {
        var options: NSRegularExpression.Options = []
        for option in regex.options {
            switch option {
            case "i": options.insert(.caseInsensitive)
            case "m": options.insert(.anchorsMatchLines)
            case "s": options.insert(.dotMatchesLineSeparators)
            case "x": options.insert(.allowCommentsAndWhitespace)
            case "u", "l": break
            default: throw StoreError.badValue("invalid flag in regex options: \(option)")
            }
        }
        guard regex.pattern.utf8.count <= Self.maximumPatternLength else {
            throw StoreError.badValue("Regular expression is too long: \(regex.pattern.utf8.count) bytes, at most \(Self.maximumPatternLength)")
        }
        do {
            expression = try NSRegularExpression(pattern: regex.pattern, options: options)
        } catch {
            throw StoreError.badValue("Regular expression is invalid: \(regex.pattern)")
        }
        source = regex
    }

    /// The longest one match may take: a pattern whose backtracking explodes (`(a+)+$`) is
    /// stopped and the query fails, instead of holding a thread for minutes.
    static let maximumMatchTime: Duration = .milliseconds(250)
    /// The longest pattern accepted (MongoDB's limit).
    static let maximumPatternLength = 32_764

    /// Whether the pattern is found anywhere in the text.
    /// - Throws: `StoreError.badValue` past `maximumMatchTime`.
    func matches(_ text: String) throws -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: Self.maximumMatchTime)
        var found = false
        var tooSlow = false
        // `.reportProgress` calls back now and then during a long match, which can stop it.
        expression.enumerateMatches(in: text, options: [.reportProgress], range: range) { result, _, stop in
            if result != nil {
                found = true
                stop.pointee = true
            } else if clock.now > deadline {
                tooSlow = true
                stop.pointee = true
            }
        }
        if tooSlow && !found {
            throw StoreError.badValue("$regex /\(source.pattern.prefix(100))/ took more than \(Self.maximumMatchTime) on one value and was stopped: its backtracking explodes; simplify the pattern")
        }
        return found
    }
}
