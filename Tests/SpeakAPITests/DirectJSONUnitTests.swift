import BSON
import Domain
import Foundation
import Testing
@testable import SpeakAPI

/// The DTOs that write their own JSON (`JSONWritable`) give the very bytes their `Encodable`
/// side gives through the same encoder: the client cannot tell which path wrote a body.
@Suite("Response DTOs written directly match their Encodable encoding (unit)")
struct DirectJSONUnitTests {
    /// Both encodings of one value, as text: written directly, and through `encode(to:)` only.
    static func both(_ value: some Encodable) throws -> (direct: String, encodable: String) {
        (String(decoding: try CompactJSONEncoder().encode(value), as: UTF8.self),
         String(decoding: try CompactJSONEncoder(writesJSONWritableDirectly: false).encode(value), as: UTF8.self))
    }

    static let awkward = "Quote \" backslash \\ slash / newline \n tab \t bell \u{7} é 日本 🙂"

    static func messages(_ conversation: ConversationID) -> [Message] {
        let at = Date(timeIntervalSince1970: 1_745_292_584.652)
        return [
            Message(conversationID: conversation, sender: .ai, content: "Hello! " + awkward, timestamp: at),
            Message(conversationID: conversation, sender: .user, content: awkward, audioPath: "uploads/a b.wav",
                    transcription: awkward, feedbackID: "6b0f3d8a4c290adc2405d481", timestamp: at.addingTimeInterval(1)),
            Message(conversationID: conversation, sender: .user, content: "", audioPath: nil, transcription: "", timestamp: at),
        ]
    }

    @Test("a message, with every optional present and with none")
    func message() throws {
        // Given messages with awkward text and optionals present or absent
        for message in Self.messages(.generate()) {
            // When each is encoded both ways
            let (direct, encodable) = try Self.both(MessageDTO(message))
            // Then the bytes agree, nulls included
            #expect(direct == encodable)
            #expect(direct.hasPrefix("{\"id\":\""))
        }
        let bare = try Self.both(MessageDTO(Self.messages(.generate())[0])).direct
        #expect(bare.contains("\"audio_path\":null,\"transcription\":null,\"feedback_id\":null}"))
    }

    @Test("a conversation with messages, without, ended and not, and nested in the create and page answers")
    func conversation() throws {
        // Given conversations, one ended, with and without messages
        let user = UserID.generate()
        let open = Conversation(userID: user, userRole: Self.awkward, aiRole: "barista", situation: "A café.\n", startedAt: Date(timeIntervalSince1970: 0), voiceType: nil)
        var ended = open
        ended.id = .generate()
        ended.endedAt = Date(timeIntervalSince1970: 1_000_000_000.007)
        for conversation in [open, ended] {
            for dto in [ConversationDTO(conversation), ConversationDTO(conversation, messages: []),
                        ConversationDTO(conversation, messages: Self.messages(conversation.id))] {
                // When each is encoded both ways
                let (direct, encodable) = try Self.both(dto)
                // Then the bytes agree
                #expect(direct == encodable)
            }
        }
        #expect(try Self.both(ConversationDTO(open)).direct.hasSuffix("\"ended_at\":null}"))
        #expect(try Self.both(ConversationDTO(ended)).direct.contains("\"ended_at\":\"2001-09-09T01:46:40.007000\""))
        // And nested in answers that are themselves Encodable, the direct members fit in
        let created = CreatedConversationDTO(conversation: ConversationDTO(open), initialMessage: MessageDTO(Self.messages(open.id)[0]))
        let page = ConversationPageDTO(conversations: [ConversationDTO(open), ConversationDTO(ended)], total: 2, page: 1, limit: 10)
        let nestedCreated = try Self.both(created)
        let nestedPage = try Self.both(page)
        #expect(nestedCreated.direct == nestedCreated.encodable)
        #expect(nestedPage.direct == nestedPage.encodable)
        #expect(nestedPage.direct.hasSuffix("],\"total\":2,\"page\":1,\"limit\":10}"))
        let parsed = try JSONSerialization.jsonObject(with: Data(nestedPage.direct.utf8)) as? [String: Any]
        #expect((parsed?["conversations"] as? [[String: Any]])?.first?["user_role"] as? String == Self.awkward)
    }
}
