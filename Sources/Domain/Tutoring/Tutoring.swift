/// Designs a role-play from what the learner typed: backed by a chat model, or by offline rules.
public protocol ScenarioDesigning: Sendable {
    /// - Throws: the provider's error when the design fails.
    func design(userRole: String, aiRole: String, situation: String) async throws -> Scenario
}

/// Answers the learner in character: backed by a chat model, or by offline rules.
public protocol ConversationPartner: Sendable {
    /// The partner's next line after `history` (oldest first, the learner's new message last).
    /// - Throws: the provider's error.
    func reply(in conversation: Conversation, history: [Message]) async throws -> String
}

/// Writes feedback on a learner's sentence: backed by a chat model, or by the offline checker.
public protocol FeedbackWriting: Sendable {
    /// The learner-facing text and the detailed feedback; `previous` is the conversation's
    /// opening (its first `FeedbackService.contextMessages` messages).
    /// - Throws: the provider's error (the caller retries, then stores `Feedback.fallbackText`).
    func write(sentence: String, conversation: Conversation, previous: [Message]) async throws -> (text: String, detailed: DetailedFeedback?)
}

/// The tutors a server uses, all backed by the same source, chosen once at start-up.
public struct Tutors: Sendable {
    /// What backs a set of tutors.
    public enum Source: String, Sendable {
        /// A configured chat model.
        case chatModel = "ai"
        /// The offline rules: no provider, no key.
        case offlineRules = "offline"
    }

    public var designer: any ScenarioDesigning
    public var partner: any ConversationPartner
    public var feedback: any FeedbackWriting
    public var pictures: any PictureTutoring
    public var source: Source

    public init(
        designer: any ScenarioDesigning, partner: any ConversationPartner, feedback: any FeedbackWriting, pictures: any PictureTutoring,
        source: Source
    ) {
        self.designer = designer
        self.partner = partner
        self.feedback = feedback
        self.pictures = pictures
        self.source = source
    }
}
