import Foundation

/// Starting role-plays: the scenario is designed first (nothing is stored if that fails), then
/// the conversation and the AI's opening message are stored together.
public struct ConversationService: Sendable {
    let conversations: ConversationRepository
    let designer: any ScenarioDesigning

    public init(conversations: ConversationRepository, designer: any ScenarioDesigning) {
        self.conversations = conversations
        self.designer = designer
    }

    /// - Throws: the designer's error; store errors.
    public func start(for user: UserID, userRole: String, aiRole: String, situation: String, now: Date = Date()) async throws -> (Conversation, Message) {
        let scenario = try await designer.design(userRole: userRole, aiRole: aiRole, situation: situation)
        let conversation = Conversation(
            userID: user, userRole: scenario.userRole, aiRole: scenario.aiRole, situation: scenario.situation, startedAt: now,
            voiceType: VoiceCatalog.pick(female: scenario.aiIsFemale))
        let opening = Message(conversationID: conversation.id, sender: .ai, content: scenario.openingLine, timestamp: now)
        try await conversations.insert(conversation, firstMessage: opening)
        return (conversation, opening)
    }
}
