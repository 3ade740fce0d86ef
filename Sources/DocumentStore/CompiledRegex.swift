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
        do {
            expression = try NSRegularExpression(pattern: regex.pattern, options: options)
        } catch {
            throw StoreError.badValue("Regular expression is invalid: \(regex.pattern)")
        }
        source = regex
    }

    /// Whether the pattern is found anywhere in the text.
    func matches(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }
}
