import Domain
import Foundation
import Hummingbird

/// `/api/users`: register, login (OAuth2 form), me (read, update, delete), and the admin list.
struct UsersController: Sendable {
    let users: UserRepository
    let authenticator: Authenticator
    let hasher: PasswordHasher
    /// Requests per client address per minute (login and registration).
    let limiter: RateLimiter
    /// Failed logins per account and address.
    let throttle: LoginThrottle
    let addresses: ClientAddressPolicy

    /// - Parameter signedIn: where routes that need a user go.
    func addRoutes(to router: Router<SpeakRequestContext>, signedIn: RouterGroup<AuthenticatedContext>) {
        let group = router.group("api/users")
        group.post("register") { request, context in try await register(request, context) }
        group.post("login") { request, context in try await login(request, context) }
        signedIn.get("api/users/me") { _, context in UserResponse(context.user) }
        signedIn.put("api/users/me") { request, context in try await update(request, context.user) }
        signedIn.delete("api/users/me") { _, context in try await delete(context.user) }
        signedIn.get("api/users/list") { _, context in try await list(context.user) }
    }

    /// The client's address, as `FORWARDED_ALLOW_IPS` says to read it.
    private func client(_ request: Request, _ context: SpeakRequestContext) -> String {
        addresses.address(of: request.head, peer: context.clientAddress)
    }

    private func register(_ request: Request, _ context: SpeakRequestContext) async throws -> EditedResponse<RegisterResponse> {
        try limiter.check(["address:" + client(request, context)])
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        let name = RequestBody.string(body, "name", issues: &issues)
        let email = RequestBody.string(body, "email", issues: &issues)
        let password = RequestBody.string(body, "password", issues: &issues)
        if let name, let problem = UserInputValidation.nameProblem(name) { issues.append(.invalid(["body", "name"], problem, input: name)) }
        var normalized: String?
        if let email {
            normalized = UserInputValidation.normalizedEmail(email)
            if normalized == nil {
                issues.append(ValidationIssue(type: "value_error", loc: ["body", "email"], msg: "value is not a valid email address", input: email))
            }
        }
        if let password, let problem = UserInputValidation.passwordProblem(password) {
            issues.append(.invalid(["body", "password"], problem))
        }
        guard issues.isEmpty, let name, let normalized, let password else { throw RequestValidationError(issues) }
        let now = Date()
        let user = User(name: name, email: normalized, passwordHash: try await hasher.hash(password), createdAt: now, updatedAt: now)
        do {
            try await users.insert(user)
        } catch DomainError.emailTaken {
            throw HTTPError(.badRequest, message: "Email already registered")
        }
        return EditedResponse(status: .created, response: RegisterResponse(user, token: try authenticator.issueToken(for: user)))
    }

    private func login(_ request: Request, _ context: SpeakRequestContext) async throws -> LoginResponse {
        let address = client(request, context)
        try limiter.check(["address:" + address])
        let form = try await RequestBody.form(request)
        var issues: [ValidationIssue] = []
        if form["username"] == nil { issues.append(.missing(["body", "username"])) }
        if form["password"] == nil { issues.append(.missing(["body", "password"])) }
        if let grant = form["grant_type"], !grant.isEmpty, grant != "password" {
            issues.append(ValidationIssue(type: "string_pattern_mismatch", loc: ["body", "grant_type"], msg: "String should match pattern '^password$'", input: grant))
        }
        guard issues.isEmpty, let username = form["username"], let password = form["password"] else { throw RequestValidationError(issues) }
        let incorrect = HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Incorrect email or password")
        let typed = username.trimmingCharacters(in: .whitespaces)
        // No address is longer than 320 characters: a longer name is never looked up.
        let found = typed.utf8.count <= UserInputValidation.maximumEmailBytes ? try await users.find(email: typed) : nil
        // Failures count against the stored account, however its address was spelled.
        let account = found.map { "user:" + $0.id.hex } ?? "unknown:" + String(typed.lowercased().prefix(UserInputValidation.maximumEmailBytes))
        try throttle.check(account: account, address: address)
        guard let user = found, !user.isDeleted else {
            _ = try? await hasher.verify(password, hash: PasswordHasher.decoyHash)
            throttle.failed(account: account, address: address)
            throw incorrect
        }
        guard try await hasher.verify(password, hash: user.passwordHash) else {
            throttle.failed(account: account, address: address)
            throw incorrect
        }
        throttle.succeeded(account: account, address: address)
        let scopes = Authenticator.scopes(for: user)
        return LoginResponse(accessToken: try authenticator.issueToken(for: user), expiresIn: authenticator.lifetimeMinutes * 60, scope: scopes.joined(separator: " "))
    }

    private func update(_ request: Request, _ user: User) async throws -> UserResponse {
        let body = try await RequestBody.jsonObject(request)
        var issues: [ValidationIssue] = []
        let name = RequestBody.optionalString(body, "name", issues: &issues)
        let avatar = RequestBody.optionalString(body, "avatar_url", issues: &issues)
        if let name, let problem = UserInputValidation.nameProblem(name) { issues.append(.invalid(["body", "name"], problem, input: name)) }
        guard issues.isEmpty else { throw RequestValidationError(issues) }
        guard name != nil || avatar != nil else { throw HTTPError(.badRequest, message: "No valid fields to update") }
        guard let updated = try await users.updateProfile(id: user.id, name: name, avatarURL: avatar, at: Date()) else {
            throw HTTPError(.notFound, message: "User not found")
        }
        return UserResponse(updated)
    }

    private func delete(_ user: User) async throws -> Response {
        guard try await users.softDelete(id: user.id, at: Date()) else { throw HTTPError(.notFound, message: "User not found") }
        return Response(status: .noContent)
    }

    private func list(_ user: User) async throws -> [UserResponse] {
        guard user.role == .admin else { throw HTTPError(.forbidden, message: "Only admin users can access this endpoint") }
        return try await users.listActive().map(UserResponse.init)
    }
}
