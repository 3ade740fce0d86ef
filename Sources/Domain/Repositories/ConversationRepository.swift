import BSON
import DocumentStore
import Foundation

/// The `conversations` and `messages` collections.
public struct ConversationRepository: Sendable {
    private let conversations: any DocumentCollection
    private let messages: any DocumentCollection

    public init(store: any DocumentStore) {
        conversations = store.collection("conversations")
        messages = store.collection("messages")
    }

    /// Indexes for the queries below, each in the order its query sorts, so a page reads only
    /// what it returns: a learner's conversations newest first, a conversation's messages in
    /// time order (also its latest AI message, walked backwards).
    public func prepare() async throws {
        try await conversations.createIndex(IndexModel(keys: ["user_id": 1, "started_at": -1, "_id": -1]))
        try await messages.createIndex(IndexModel(keys: ["conversation_id": 1, "timestamp": 1, "_id": 1]))
    }

    /// The filter and options of a page of the learner's conversations, newest first.
    public static func pageQuery(owner: UserID, page: Int, limit: Int) -> (filter: Document, options: FindOptions) {
        (["user_id": .objectId(owner.objectId)], FindOptions(sort: ["started_at": -1, "_id": -1], skip: max(0, page - 1) * limit, limit: limit))
    }

    /// The filter and options of a conversation's messages in time order.
    public static func messagesQuery(of id: ConversationID) -> (filter: Document, options: FindOptions) {
        (["conversation_id": .objectId(id.objectId)], FindOptions(sort: ["timestamp": 1, "_id": 1]))
    }

    /// Stores a new conversation with its first message; if the message cannot be stored, the
    /// conversation is removed again (nothing half-written).
    public func insert(_ conversation: Conversation, firstMessage: Message) async throws {
        try await conversations.insertOne(conversation.document)
        do {
            try await messages.insertOne(firstMessage.document)
        } catch {
            _ = try? await conversations.deleteOne(["_id": .objectId(conversation.id.objectId)])
            throw error
        }
    }

    /// The conversation, only when it belongs to this user.
    public func find(id: ConversationID, owner: UserID) async throws -> Conversation? {
        try await conversations.findOne(["_id": .objectId(id.objectId), "user_id": .objectId(owner.objectId)]).map(Conversation.init(document:))
    }

    /// A page of the user's conversations, newest first, and how many there are in all.
    public func page(owner: UserID, page: Int, limit: Int) async throws -> (conversations: [Conversation], total: Int) {
        let (filter, options) = Self.pageQuery(owner: owner, page: page, limit: limit)
        let total = try await conversations.countDocuments(filter)
        let documents = try await conversations.find(filter, options: options)
        return (try documents.map(Conversation.init(document:)), total)
    }

    /// Stores a message.
    public func insert(_ message: Message) async throws {
        try await messages.insertOne(message.document)
    }

    /// Stores an exchange (the learner's message and the reply) in one write: both or neither.
    public func insert(exchange spoken: Message, reply: Message) async throws {
        _ = try await messages.insertMany([spoken.document, reply.document])
    }

    /// Removes a message (undoing a half-finished exchange).
    public func delete(_ id: MessageID) async throws {
        try await messages.deleteOne(["_id": .objectId(id.objectId)])
    }

    /// The message and its conversation, only when the conversation belongs to this user.
    public func message(_ id: MessageID, owner: UserID) async throws -> (Message, Conversation)? {
        guard let document = try await messages.findOne(["_id": .objectId(id.objectId)]) else { return nil }
        let message = try Message(document: document)
        guard let conversation = try await find(id: message.conversationID, owner: owner) else { return nil }
        return (message, conversation)
    }

    /// The conversation whatever its owner (for background work that already checked it).
    public func find(id: ConversationID) async throws -> Conversation? {
        try await conversations.findOne(["_id": .objectId(id.objectId)]).map(Conversation.init(document:))
    }

    /// The conversation's latest AI message.
    public func latestAIMessage(of id: ConversationID) async throws -> Message? {
        try await messages.findOne(
            ["conversation_id": .objectId(id.objectId), "sender": "ai"], options: FindOptions(sort: ["timestamp": -1, "_id": -1])
        ).map(Message.init(document:))
    }

    /// The conversation's messages in time order.
    public func messages(of id: ConversationID) async throws -> [Message] {
        let (filter, options) = Self.messagesQuery(of: id)
        return try await messages.find(filter, options: options).map(Message.init(document:))
    }

    /// The conversation's first `limit` messages in time order (read from the index's start).
    public func firstMessages(of id: ConversationID, limit: Int) async throws -> [Message] {
        var (filter, options) = Self.messagesQuery(of: id)
        options.limit = limit
        return try await messages.find(filter, options: options).map(Message.init(document:))
    }

    /// The conversation's latest `limit` messages, in time order (read from the index's end, so
    /// the cost does not grow with the conversation).
    public func latestMessages(of id: ConversationID, limit: Int) async throws -> [Message] {
        let newestFirst = try await messages.find(
            ["conversation_id": .objectId(id.objectId)], options: FindOptions(sort: ["timestamp": -1, "_id": -1], limit: limit))
        return try newestFirst.reversed().map(Message.init(document:))
    }

    /// Whether the message is stored, in this conversation.
    public func contains(message: MessageID, in conversation: ConversationID) async throws -> Bool {
        try await messages.findOne(["_id": .objectId(message.objectId), "conversation_id": .objectId(conversation.objectId)]) != nil
    }
}
