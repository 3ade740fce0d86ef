import Foundation
import Synchronization

/// Per connection: whether it is local (loopback or Unix socket), the SCRAM exchanges under way
/// and the users it has authenticated as.
final class WireSessions: Sendable {
    /// A SCRAM exchange between `saslStart` and its last `saslContinue`.
    struct Conversation: Sendable {
        var user: WireUserDirectory.User
        var clientFirstBare: String
        var serverFirst: String
        var nonce: String
        var gs2Header: String
        var skipEmptyExchange: Bool
        var proven = false
    }

    struct Session: Sendable {
        var local: Bool
        var conversations: [Int32: Conversation] = [:]
        var nextConversation: Int32 = 1
        var users: [WireUserDirectory.User] = []
    }

    private let sessions = Mutex<[Int64: Session]>([:])

    func opened(_ connection: Int64, local: Bool) {
        sessions.withLock { $0[connection] = Session(local: local) }
    }

    func closed(_ connection: Int64) {
        _ = sessions.withLock { $0.removeValue(forKey: connection) }
    }

    /// Whether the connection is local (a connection the server did not announce counts as
    /// local: the handler called directly, in-process).
    func isLocal(_ connection: Int64) -> Bool { sessions.withLock { $0[connection]?.local ?? true } }

    /// The users the connection has authenticated as.
    func users(_ connection: Int64) -> [WireUserDirectory.User] { sessions.withLock { $0[connection]?.users ?? [] } }

    /// Starts a conversation; returns its id. A connection holds at most 8 at once.
    func begin(_ conversation: Conversation, on connection: Int64) -> Int32 {
        sessions.withLock { table in
            var session = table[connection] ?? Session(local: true)
            if session.conversations.count >= 8, let oldest = session.conversations.keys.min() { session.conversations[oldest] = nil }
            let id = session.nextConversation
            session.nextConversation = id == Int32.max ? 1 : id + 1
            session.conversations[id] = conversation
            table[connection] = session
            return id
        }
    }

    func conversation(_ id: Int32, on connection: Int64) -> Conversation? {
        sessions.withLock { $0[connection]?.conversations[id] }
    }

    func update(_ id: Int32, on connection: Int64, _ conversation: Conversation?) {
        sessions.withLock { $0[connection]?.conversations[id] = conversation }
    }

    /// Records a successful authentication (a user authenticated again replaces itself).
    func authenticated(_ user: WireUserDirectory.User, on connection: Int64) {
        sessions.withLock { table in
            table[connection]?.users.removeAll { $0.name == user.name && $0.database == user.database }
            table[connection]?.users.append(user)
        }
    }

    func logout(_ connection: Int64) {
        sessions.withLock { $0[connection]?.users = [] }
    }
}
