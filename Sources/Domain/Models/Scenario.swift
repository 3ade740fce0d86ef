/// A role-play made coherent from what the learner typed: both roles in a word or two, the
/// situation, and the AI character's first line.
public struct Scenario: Sendable, Equatable {
    public var userRole: String
    public var aiRole: String
    public var situation: String
    public var openingLine: String
    /// Whether the AI character is female (picks the voice).
    public var aiIsFemale: Bool

    public init(userRole: String, aiRole: String, situation: String, openingLine: String, aiIsFemale: Bool) {
        self.userRole = userRole
        self.aiRole = aiRole
        self.situation = situation
        self.openingLine = openingLine
        self.aiIsFemale = aiIsFemale
    }
}
