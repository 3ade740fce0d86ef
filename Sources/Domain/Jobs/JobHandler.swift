/// Runs the jobs of one kind (the `type` of a `jobs` document). A worker is given its handlers
/// by kind; a job of a kind nobody handles fails at once.
public protocol JobHandler: Sendable {
    /// The job type this handler runs.
    var kind: String { get }

    /// Does the job's work. - Throws: to have it retried later.
    func run(_ job: Job) async throws

    /// After the last failed attempt: what must still happen (e.g. a fallback answer).
    func giveUp(_ job: Job) async throws
}
