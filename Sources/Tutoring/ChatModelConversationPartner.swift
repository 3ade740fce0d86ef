import AI
import Domain
import Foundation

/// The AI's in-character reply to the conversation so far.
public struct ChatModelConversationPartner: ConversationPartner {
    let model: any ChatModel

    public init(model: any ChatModel) { self.model = model }

    static func instructions(_ conversation: Conversation) -> String {
        """
        You are playing \(conversation.aiRole) in a spoken role-play with a learner of English, who plays \
        \(conversation.userRole). The situation: \(conversation.situation)
        Stay in character. Answer what the learner just said in simple, natural, friendly English, in one to four \
        short sentences, and end with an open question that keeps the conversation going. Write only the words you \
        say: no stage directions, brackets, asterisks, emojis or placeholders for names.
        """
    }

    /// - Throws: `AIProviderError`.
    public func reply(in conversation: Conversation, history: [Message]) async throws -> String {
        var messages = [ChatMessage(.system, Self.instructions(conversation))]
        for message in history {
            messages.append(ChatMessage(message.sender == .user ? .user : .assistant, message.content))
        }
        let text = try await model.complete(messages, json: false)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw AIProviderError.badResponse("the reply is empty")
        }
        return text
    }
}
