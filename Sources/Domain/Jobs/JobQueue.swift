import BSON
import DocumentStore
import Foundation

/// The durable job queue: jobs are claimed one at a time (an atomic find-and-update), retried
/// with back-off, and ones left `running` by a crash are handed out again after a restart.
public struct JobQueue: Sendable {
    private let jobs: any DocumentCollection

    public init(store: any DocumentStore) {
        jobs = store.collection("jobs")
    }

    public func prepare() async throws {
        try await jobs.createIndex(IndexModel(keys: ["status": 1]))
        // The next due job, and finished jobs by age (for purging).
        try await jobs.createIndex(IndexModel(keys: ["status": 1, "run_at": 1]))
        try await jobs.createIndex(IndexModel(keys: ["status": 1, "updated_at": 1]))
    }

    /// Deletes jobs that finished (done or failed) before `cutoff`; returns how many.
    @discardableResult
    public func purge(finishedBefore cutoff: Date) async throws -> Int {
        var removed = 0
        for status in [Job.Status.done, .failed] {
            removed += try await jobs.deleteMany(["status": .string(status.rawValue), "updated_at": ["$lt": .datetime(BSONDateTime(cutoff))]])
        }
        return removed
    }

    /// Queues a job to run as soon as a worker is free.
    public func enqueue(_ job: Job, at now: Date = Date()) async throws {
        try await jobs.insertOne([
            "_id": .objectId(job.id.objectId), "type": .string(job.type), "status": .string(Job.Status.pending.rawValue),
            "payload": .document(job.payload), "attempts": 0, "run_at": .datetime(BSONDateTime(now)),
            "created_at": .datetime(BSONDateTime(now)), "updated_at": .datetime(BSONDateTime(now)), "last_error": nil,
        ])
    }

    /// Takes the next due job, marking it running and counting the attempt.
    public func claim(at now: Date = Date()) async throws -> Job? {
        let claimed = try await jobs.findOneAndUpdate(
            ["status": "pending", "run_at": ["$lte": .datetime(BSONDateTime(now))]],
            ["$set": ["status": "running", "updated_at": .datetime(BSONDateTime(now))], "$inc": ["attempts": 1]],
            options: FindOneAndUpdateOptions(returnDocument: .after, sort: ["run_at": 1]))
        guard let d = claimed, let id = d["_id"]?.objectIdValue else { return nil }
        return Job(id: JobID(id), type: d["type"]?.stringValue ?? "", payload: d["payload"]?.documentValue ?? Document(), attempts: Int(d["attempts"]?.exactInt64 ?? 1))
    }

    public func complete(_ id: JobID, at now: Date = Date()) async throws {
        try await setStatus(id, .done, at: now, extra: [:])
    }

    /// Puts a job back to run again at `runAt`.
    public func retry(_ id: JobID, at runAt: Date, error: String, now: Date = Date()) async throws {
        try await setStatus(id, .pending, at: now, extra: ["run_at": .datetime(BSONDateTime(runAt)), "last_error": .string(error)])
    }

    public func fail(_ id: JobID, error: String, at now: Date = Date()) async throws {
        try await setStatus(id, .failed, at: now, extra: ["last_error": .string(error)])
    }

    /// Jobs left running by a crash or a shutdown become pending again; returns how many.
    @discardableResult
    public func requeueInterrupted(at now: Date = Date()) async throws -> Int {
        try await jobs.updateMany(["status": "running"], ["$set": ["status": "pending", "updated_at": .datetime(BSONDateTime(now))]]).modifiedCount
    }

    /// How many jobs are in each state.
    public func counts() async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for status in [Job.Status.pending, .running, .done, .failed] {
            result[status.rawValue] = try await jobs.countDocuments(["status": .string(status.rawValue)])
        }
        return result
    }

    private func setStatus(_ id: JobID, _ status: Job.Status, at now: Date, extra: Document) async throws {
        var set: Document = ["status": .string(status.rawValue), "updated_at": .datetime(BSONDateTime(now))]
        for (k, v) in extra { set[k] = v }
        try await jobs.updateOne(["_id": .objectId(id.objectId)], ["$set": .document(set)])
    }
}
