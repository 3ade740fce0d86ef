import Foundation
import Hummingbird
import Synchronization

/// Slows down password guessing without handing anyone a way to lock a learner out. Only failed
/// logins count, per account — the stored account, however its address is spelled — and per
/// client address: after `freeFailures` failures from one address, that address waits a delay
/// that doubles with each further failure (1 s, 2 s, 4 s … at most `maximumDelay`); a success
/// clears it. Failures from other addresses never slow down an address that has logged in to the
/// account before; an address new to the account also waits once the account has had
/// `accountFreeFailures` failures from everywhere within the hour (guessing from many machines).
/// Memory is bounded: at most `2 × capacity` accounts, each with a few addresses.
final class LoginThrottle: Sendable {
    struct Policy: Sendable {
        var freeFailures = 5
        var accountFreeFailures = 50
        var baseDelay: TimeInterval = 1
        var maximumDelay: TimeInterval = 900
        /// Failures older than this are forgotten.
        var memory: TimeInterval = 3600
    }

    private struct Strikes {
        var failures = 0
        var last = Date.distantPast
    }

    private struct Account {
        var total = Strikes()
        var byAddress: [String: Strikes] = [:]
        /// Addresses that logged in successfully (the learner's own devices), newest last.
        var known: [String] = []
    }

    /// Addresses remembered per account, failing and known ones each.
    static let addressesPerAccount = 32
    static let knownPerAccount = 8

    private let accounts: Mutex<BoundedTable<Account>>
    let policy: Policy

    init(policy: Policy = Policy(), capacity: Int = 20_000) {
        self.policy = policy
        accounts = Mutex(BoundedTable(capacity: capacity))
    }

    /// Accounts tracked now.
    var trackedAccounts: Int { accounts.withLock { $0.count } }

    /// Throws 429 with `Retry-After` when `address` must wait before trying `account` again.
    func check(account: String, address: String, now: Date = Date()) throws {
        let wait = accounts.withLock { table -> TimeInterval in
            guard let state = table[account] else { return 0 }
            var wait: TimeInterval = 0
            if let strikes = state.byAddress[address] { wait = remaining(strikes, free: policy.freeFailures, now: now) }
            if !state.known.contains(address) { wait = max(wait, remaining(state.total, free: policy.accountFreeFailures, now: now)) }
            return wait
        }
        guard wait > 0 else { return }
        let seconds = max(1, Int(wait.rounded(.up)))
        throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(seconds)], message: "Too many failed attempts; try again in \(seconds) seconds")
    }

    /// Counts a failed login.
    func failed(account: String, address: String, now: Date = Date()) {
        accounts.withLock { table in
            var state = table[account] ?? Account()
            state.total = strike(state.total, now: now)
            if state.byAddress[address] == nil && state.byAddress.count >= Self.addressesPerAccount,
                let oldest = state.byAddress.min(by: { $0.value.last < $1.value.last })?.key
            {
                state.byAddress[oldest] = nil
            }
            state.byAddress[address] = strike(state.byAddress[address] ?? Strikes(), now: now)
            table[account] = state
        }
    }

    /// A successful login: the address's failures are cleared and it is known to the account.
    func succeeded(account: String, address: String) {
        accounts.withLock { table in
            guard var state = table[account] else {
                table[account] = Account(known: [address])
                return
            }
            state.byAddress[address] = nil
            state.known.removeAll { $0 == address }
            state.known.append(address)
            if state.known.count > Self.knownPerAccount { state.known.removeFirst() }
            table[account] = state
        }
    }

    private func strike(_ strikes: Strikes, now: Date) -> Strikes {
        let fresh = now.timeIntervalSince(strikes.last) > policy.memory
        return Strikes(failures: (fresh ? 0 : strikes.failures) + 1, last: now)
    }

    /// How long is left of the delay these strikes earn.
    private func remaining(_ strikes: Strikes, free: Int, now: Date) -> TimeInterval {
        let since = now.timeIntervalSince(strikes.last)
        guard strikes.failures >= free, since <= policy.memory else { return 0 }
        let doublings = min(strikes.failures - free, 30)
        let delay = min(policy.baseDelay * pow(2, Double(doublings)), policy.maximumDelay)
        return max(0, delay - since)
    }
}
