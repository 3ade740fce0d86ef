import BSON

/// Designs a role-play from what the learner typed: the AI scenario designer, or the offline one.
public protocol ScenarioDesigning: Sendable {
    /// - Throws: `AIProviderError`.
    func design(userRole: String, aiRole: String, situation: String) async throws -> ScenarioDesigner.Scenario
}

/// Answers the learner in character: the AI partner, or the offline one.
public protocol ConversationPartner: Sendable {
    /// The partner's next line after `history` (oldest first, the learner's new message last).
    /// - Throws: `AIProviderError`.
    func reply(in conversation: Conversation, history: [Message]) async throws -> String
}

/// Writes feedback on a learner's sentence: the AI teacher, or the offline checker.
public protocol FeedbackWriting: Sendable {
    /// The learner-facing text and the detailed feedback.
    /// - Throws: `AIProviderError` (the caller retries, then stores `FeedbackWriter.fallback`).
    func write(sentence: String, conversation: Conversation, previous: [Message]) async throws -> (text: String, detailed: DetailedFeedback?)
}

extension ScenarioDesigner: ScenarioDesigning {}
extension RolePlayPartner: ConversationPartner {}
extension FeedbackWriter: FeedbackWriting {}

/// The three tutors a server uses, from one source.
public struct Tutors: Sendable {
    public var designer: any ScenarioDesigning
    public var partner: any ConversationPartner
    public var feedback: any FeedbackWriting
    /// `"ai"` or `"offline"`, for `/health`.
    public var source: String

    public init(designer: any ScenarioDesigning, partner: any ConversationPartner, feedback: any FeedbackWriting, source: String) {
        self.designer = designer
        self.partner = partner
        self.feedback = feedback
        self.source = source
    }
}
