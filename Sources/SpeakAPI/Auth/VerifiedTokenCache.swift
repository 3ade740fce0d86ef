import Synchronization

/// Tokens whose signature was checked, with their claims, so that a client sending the same
/// token request after request pays for the HMAC and the claim parsing once. Only the exact
/// token text finds an entry; expiry is still checked on every use. Bounded: at most twice
/// `capacity` tokens are held, the earliest remembered going first (a token dropped is simply
/// verified again).
final class VerifiedTokenCache: Sendable {
    private let table: Mutex<BoundedTable<TokenClaims>>

    init(capacity: Int = 10_000) { table = Mutex(BoundedTable(capacity: capacity)) }

    /// The claims of `token` if it was verified before.
    func claims(of token: String) -> TokenClaims? { table.withLock { $0[token] } }

    /// Remembers that `token` verified to `claims`.
    func remember(_ token: String, claims: TokenClaims) { table.withLock { $0[token] = claims } }
}
