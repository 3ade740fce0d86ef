import Domain
import Synchronization

/// Tokens whose signature was checked, with their claims, so that a client sending the same
/// token request after request pays for the HMAC and the claim parsing once. Only the exact
/// token text finds an entry; expiry is still checked on every use. Bounded: at most twice
/// `capacity` tokens are held, the earliest remembered going first (a token dropped is simply
/// verified again).
///
/// An entry also remembers the id of the user the token's subject named last time, so that the
/// next request finds the user by `_id` (the store's document cache) instead of by address; the
/// caller still checks that the user found holds the token's address.
final class VerifiedTokenCache: Sendable {
    /// What is known of one token.
    struct Entry: Sendable {
        let claims: TokenClaims
        var userID: UserID?
    }

    private let table: Mutex<BoundedTable<Entry>>

    init(capacity: Int = 10_000) { table = Mutex(BoundedTable(capacity: capacity)) }

    /// What is known of `token` if it was verified before.
    func entry(of token: String) -> Entry? { table.withLock { $0[token] } }

    /// The claims of `token` if it was verified before.
    func claims(of token: String) -> TokenClaims? { entry(of: token)?.claims }

    /// Remembers that `token` verified to `claims`.
    func remember(_ token: String, claims: TokenClaims) { table.withLock { $0[token] = Entry(claims: claims) } }

    /// Remembers the user `token`'s subject named (only for a token already remembered).
    func remember(_ token: String, userID: UserID) {
        table.withLock { table in
            guard var entry = table[token], entry.userID != userID else { return }
            entry.userID = userID
            table[token] = entry
        }
    }
}
