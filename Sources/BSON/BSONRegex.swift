/// A BSON regular expression: a pattern and its option letters, kept sorted as BSON requires.
public struct BSONRegex: Sendable, Hashable {
    /// The pattern text.
    public let pattern: String
    /// The option letters, in alphabetical order.
    public let options: String

    /// Sorts the option letters, which is the canonical form.
    public init(pattern: String, options: String = "") {
        self.pattern = pattern
        self.options = String(options.sorted())
    }
}
