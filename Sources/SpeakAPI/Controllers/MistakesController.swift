import BSON
import Domain
import Foundation
import Hummingbird

/// `/api/mistakes/*` (CONTRACT B§3.5, fixed as A2 asks): static paths are registered before
/// `{mistake_id}`, every route checks ownership, and all answer with one mistake schema.
struct MistakesController: Sendable {
    let mistakes: MistakeRepository

    /// Every route needs a user: they go on `router`, the signed-in group.
    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.post("api/mistakes/create") { request, context in try await create(request, context.user) }
        router.get("api/mistakes/list") { request, context in try await list(request, context.user) }
        router.get("api/mistakes/drill-session") { request, context in try await drillSession(request, context.user) }
        router.post("api/mistakes/practice-result") { request, context in try await practiceResult(request, context.user) }
        router.get("api/mistakes/practice") { request, context in try await practiceItems(request, context.user) }
        router.post("api/mistakes/practice/:mistake_id") { request, context in try await practice(request, context) }
        router.get("api/mistakes/statistics") { request, context in try await statistics(request, context.user) }
        router.post("api/mistakes/sessions") { request, context in try await startSession(request, context.user) }
        router.get("api/mistakes") { request, context in try await open(request, context.user) }
        router.get("api/mistakes/:mistake_id") { request, context in try await read(request, context) }
        router.patch("api/mistakes/:mistake_id") { request, context in try await patch(request, context) }
        router.delete("api/mistakes/:mistake_id") { request, context in try await delete(request, context) }
    }

    private func owned(_ request: Request, _ context: AuthenticatedContext) async throws -> (UserID, Mistake) {
        let user = context.user
        let id: MistakeID = try PathParameters.id(context, "mistake_id")
        guard let mistake = try await mistakes.find(id: id, owner: user.id) else { throw HTTPError(.notFound, message: "Mistake not found") }
        return (user.id, mistake)
    }

    private func create(_ request: Request, _ user: User) async throws -> EditedResponse<MistakeDTO> {
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        let typeText = RequestBody.string(body, "type", issues: &issues)
        let kind = typeText.flatMap { Mistake.Kind(rawValue: $0.uppercased()) }
        if let typeText, kind == nil { issues.append(.invalid(["body", "type"], "Input should be 'grammar' or 'vocabulary'", input: typeText)) }
        let originalKey = body["original_text"] == nil && body["original_content"] != nil ? "original_content" : "original_text"
        let original = RequestBody.string(body, originalKey, issues: &issues)
        let correction = RequestBody.string(body, "correction", issues: &issues)
        let explanation = RequestBody.optionalString(body, "explanation", issues: &issues) ?? ""
        let context = RequestBody.optionalString(body, "context", issues: &issues)
        let example = RequestBody.optionalString(body, "example_usage", issues: &issues)
        let severity = MistakeInput.integer(body, "severity", in: 1...5, issues: &issues) ?? 3
        for (key, value) in [(originalKey, original), ("correction", correction)] where value?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            issues.append(.invalid(["body", key], "String should have at least 1 character", input: value))
        }
        guard issues.isEmpty, let kind, let original, let correction else { throw RequestValidationError(issues) }
        let mistake = Mistake(
            userID: user.id, kind: kind, originalText: original, correction: correction, explanation: explanation, exampleUsage: example,
            severity: kind == .grammar ? severity : nil, context: context ?? original, createdAt: Date())
        try await mistakes.insert(mistake)
        return EditedResponse(status: .created, response: MistakeDTO(mistake))
    }

    private func list(_ request: Request, _ user: User) async throws -> [MistakeDTO] {
        let query = request.formQuery
        var kind: Mistake.Kind?
        if let text = query.get("type"), !text.isEmpty {
            guard let parsed = Mistake.Kind(rawValue: text.uppercased()) else {
                throw RequestValidationError([.invalid(["query", "type"], "Input should be 'grammar' or 'vocabulary'", input: text)])
            }
            kind = parsed
        }
        let inQueue = try MistakeInput.bool(query.get("in_drill_queue"), "in_drill_queue")
        let learned = try MistakeInput.bool(query.get("is_learned"), "is_learned")
        let limit = try PathParameters.integer(request, "limit", default: 50, range: 1...100)
        let skip = try PathParameters.integer(request, "skip", default: 0, range: 0...1_000_000)
        return try await mistakes.list(owner: user.id, kind: kind, inDrillQueue: inQueue, isLearned: learned, limit: limit, skip: skip).map { MistakeDTO($0) }
    }

    private func drillSession(_ request: Request, _ user: User) async throws -> DrillSessionDTO {
        let size = try PathParameters.integer(request, "session_size", default: 5, range: 1...20)
        let now = Date()
        let chosen = DrillPlanner.session(from: try await mistakes.all(owner: user.id), size: size, now: now)
        return DrillSessionDTO(
            mistakes: chosen.map { MistakeDTO($0, practicePrompt: MistakePractice.prompt(for: $0)) }, sessionID: DrillPlanner.sessionID(at: now),
            createdAt: NaiveISODate.string(now), expiresAt: NaiveISODate.string(now.addingTimeInterval(86_400)))
    }

    /// A drill result: `performance_score` 0–1, or `was_successful`/`is_successful` (1 or 0).
    private func practiceResult(_ request: Request, _ user: User) async throws -> MistakeDTO {
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        let idText = RequestBody.string(body, "mistake_id", issues: &issues)
        let answer = RequestBody.optionalString(body, "user_text", issues: &issues) ?? RequestBody.optionalString(body, "user_answer", issues: &issues)
        var score = MistakeInput.number(body, "performance_score", in: 0...1, issues: &issues)
        if score == nil, let success = MistakeInput.flag(body, ["was_successful", "is_successful"], issues: &issues) { score = success ? 1 : 0 }
        if score == nil && issues.isEmpty { issues.append(.missing(["body", "performance_score"])) }
        let id = idText.flatMap { try? MistakeID($0) }
        if let idText, id == nil { issues.append(.invalid(["body", "mistake_id"], "Invalid ObjectId", input: idText)) }
        guard issues.isEmpty, let id, let score else { throw RequestValidationError(issues) }
        guard let mistake = try await mistakes.find(id: id, owner: user.id) else { throw HTTPError(.notFound, message: "Mistake not found") }
        let updated = SpacedRepetition.record(mistake, performance: score, answer: answer, now: Date())
        try await mistakes.save(updated)
        return MistakeDTO(updated)
    }

    private func practiceItems(_ request: Request, _ user: User) async throws -> [MistakeDTO] {
        let limit = try PathParameters.integer(request, "limit", default: 5, range: 1...20)
        let now = Date()
        return try await mistakes.due(owner: user.id, now: now, limit: limit).map { MistakeDTO($0, practicePrompt: MistakePractice.prompt(for: $0)) }
    }

    private func practice(_ request: Request, _ context: AuthenticatedContext) async throws -> MistakeDTO {
        let (_, mistake) = try await owned(request, context)
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        let success = MistakeInput.flag(body, ["was_successful"], issues: &issues)
        let answer = RequestBody.string(body, "user_answer", issues: &issues)
        if success == nil && !issues.contains(where: { $0.loc == ["body", "was_successful"] }) { issues.append(.missing(["body", "was_successful"])) }
        guard issues.isEmpty, let success, let answer else { throw RequestValidationError(issues) }
        let (updated, feedback) = MistakePractice.apply(mistake, successful: success, answer: answer, now: Date())
        try await mistakes.save(updated)
        return MistakeDTO(updated, feedback: feedback)
    }

    private func statistics(_ request: Request, _ user: User) async throws -> MistakeStatisticsDTO {
        return MistakeStatisticsDTO(MistakeStatistics(try await mistakes.all(owner: user.id), now: Date()))
    }

    private func startSession(_ request: Request, _ user: User) async throws -> PracticeSessionDTO {
        let body = try await RequestBody.jsonObject(request)
        guard case .array(let items)? = body["mistake_ids"] else {
            throw RequestValidationError([body["mistake_ids"] == nil ? .missing(["body", "mistake_ids"]) : .invalid(["body", "mistake_ids"], "Input should be a valid list")])
        }
        var ids: [MistakeID] = []
        for (n, item) in items.enumerated() {
            guard case .string(let text) = item, let id = try? MistakeID(text) else {
                throw RequestValidationError([.invalid(["body", "mistake_ids", "\(n)"], "Invalid ObjectId")])
            }
            guard try await mistakes.find(id: id, owner: user.id) != nil else { throw HTTPError(.notFound, message: "Mistake not found") }
            ids.append(id)
        }
        let session = try await mistakes.startSession(owner: user.id, mistakes: ids)
        let started = NaiveISODate.string(session.startedAt)
        return PracticeSessionDTO(id: session.id.hex, userID: user.id.hex, startedAt: started, createdAt: started, mistakeIDs: ids.map(\.hex))
    }

    private func open(_ request: Request, _ user: User) async throws -> [MistakeDTO] {
        return try await mistakes.all(owner: user.id).filter { $0.status != .mastered }.sorted { $0.nextPracticeDate < $1.nextPracticeDate }.map { MistakeDTO($0) }
    }

    private func read(_ request: Request, _ context: AuthenticatedContext) async throws -> MistakeDTO {
        MistakeDTO(try await owned(request, context).1)
    }

    private func patch(_ request: Request, _ context: AuthenticatedContext) async throws -> MistakeDTO {
        var (_, mistake) = try await owned(request, context)
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        if let severity = MistakeInput.integer(body, "severity", in: 1...5, issues: &issues) { mistake.severity = severity }
        if let statusText = RequestBody.optionalString(body, "status", issues: &issues) {
            if let status = Mistake.Status(rawValue: statusText.uppercased()) {
                mistake.status = status
                if status == .mastered { mistake.isLearned = true }
            } else {
                issues.append(.invalid(["body", "status"], "Input should be 'NEW', 'LEARNING' or 'MASTERED'", input: statusText))
            }
        }
        if let queue = MistakeInput.flag(body, ["in_drill_queue"], issues: &issues) { mistake.inDrillQueue = queue }
        guard issues.isEmpty else { throw RequestValidationError(issues) }
        mistake.updatedAt = Date()
        try await mistakes.save(mistake)
        return MistakeDTO(mistake)
    }

    private func delete(_ request: Request, _ context: AuthenticatedContext) async throws -> Response {
        let (user, mistake) = try await owned(request, context)
        _ = try await mistakes.delete(id: mistake.id, owner: user)
        return Response(status: .noContent)
    }
}
