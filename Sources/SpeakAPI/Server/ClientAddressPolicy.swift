import HTTPTypes

/// Which address a request comes from, for limits: the connection's peer, unless the peer is a
/// trusted proxy (`FORWARDED_ALLOW_IPS`, uvicorn's name: a comma-separated list of addresses, or
/// `*`), in which case `X-Forwarded-For` is read from its end, skipping trusted proxies, and the
/// first address that is not one is the client. Nobody else's `X-Forwarded-For` is believed.
struct ClientAddressPolicy: Sendable {
    private let trusted: Set<String>
    private let trustsEveryone: Bool

    init(forwardedAllowIPs: String?) {
        let entries = (forwardedAllowIPs ?? "").split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        trustsEveryone = entries.contains("*")
        trusted = Set(entries)
    }

    private func isTrusted(_ address: String) -> Bool { trustsEveryone || trusted.contains(address) }

    /// The client's address (`unknown` when the connection has none).
    func address(peer: String?, forwardedFor: String?) -> String {
        guard let peer else { return "unknown" }
        guard isTrusted(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        for hop in hops.reversed().prefix(32) where !isTrusted(hop) { return String(hop.prefix(64)) }
        return hops.first.map { String($0.prefix(64)) } ?? peer
    }

    /// The client's address of a request that came in on a connection from `peer`.
    func address(of request: HTTPRequest, peer: String?) -> String {
        address(peer: peer, forwardedFor: Self.forwardedFor.flatMap { request.headerFields[$0] })
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")
}

extension Substring {
    /// Without leading or trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
