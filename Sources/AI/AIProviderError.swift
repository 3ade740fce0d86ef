import Foundation

/// Why an AI provider could not answer; each case says what to do about it.
public enum AIProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing is configured for this capability.
    case notConfigured(String)
    /// The provider did not answer in time.
    case timedOut(String)
    /// The provider answered with an error status.
    case upstream(status: Int, message: String)
    /// The provider's answer could not be used.
    case badResponse(String)
    /// The provider could not be reached.
    case unreachable(String)
    /// The provider refused the input itself (audio that does not decode, say): the client's
    /// mistake, not the provider's.
    case rejectedInput(String)

    /// What a client is told: what happened, without the provider's addresses or answers
    /// (those are in `description`, for the log). A `badResponse` says what was wrong up to its
    /// first " — ", after which come the details.
    public var clientDescription: String {
        switch self {
        case .notConfigured(let what): return what
        case .timedOut: return "The AI provider did not answer in time"
        case .upstream(let status, _): return "The AI provider answered with an error (HTTP \(status))"
        case .badResponse(let what):
            let summary = what.range(of: " — ").map { String(what[..<$0.lowerBound]) } ?? what
            return "The AI provider's answer could not be used: \(summary)"
        case .unreachable: return "The AI provider could not be reached"
        case .rejectedInput(let why): return why
        }
    }

    public var description: String {
        switch self {
        case .notConfigured(let what): return what
        case .timedOut(let what): return "The AI provider did not answer in time (\(what))"
        case .upstream(let status, let message): return "The AI provider answered \(status): \(message)"
        case .badResponse(let what): return "The AI provider's answer could not be used: \(what)"
        case .unreachable(let what): return "The AI provider could not be reached: \(what)"
        case .rejectedInput(let why): return why
        }
    }
}
