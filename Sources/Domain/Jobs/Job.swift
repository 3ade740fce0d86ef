import BSON
import Foundation

/// Background work stored in the `jobs` collection, so it survives restarts:
/// `{_id, type, status: pending|running|done|failed, payload, attempts, run_at, created_at,
/// updated_at, last_error}`.
public struct Job: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case pending, running, done, failed
    }

    public var id: JobID
    public var type: String
    public var payload: Document
    public var attempts: Int

    public init(id: JobID = .generate(), type: String, payload: Document, attempts: Int = 0) {
        self.id = id
        self.type = type
        self.payload = payload
        self.attempts = attempts
    }
}

/// A job's id.
public typealias JobID = TypedID<Job>
