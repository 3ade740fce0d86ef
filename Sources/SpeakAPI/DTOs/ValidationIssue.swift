import Hummingbird

/// One complaint of a 422 answer, in FastAPI/Pydantic's shape: `{type, loc, msg, input?}`.
struct ValidationIssue: Encodable, Sendable {
    var type: String
    var loc: [String]
    var msg: String
    var input: String?

    static func missing(_ loc: [String]) -> ValidationIssue {
        ValidationIssue(type: "missing", loc: loc, msg: "Field required")
    }

    static func notString(_ loc: [String]) -> ValidationIssue {
        ValidationIssue(type: "string_type", loc: loc, msg: "Input should be a valid string")
    }

    static func invalid(_ loc: [String], _ message: String, input: String? = nil) -> ValidationIssue {
        ValidationIssue(type: "value_error", loc: loc, msg: "Value error, " + message, input: input)
    }
}

/// A client mistake answered 422 with FastAPI's `{"detail": [issue, …]}` body.
struct RequestValidationError: Error, Sendable {
    var issues: [ValidationIssue]

    init(_ issues: [ValidationIssue]) { self.issues = issues }
}

/// The 422 body.
struct ValidationErrorBody: ResponseEncodableDTO {
    var detail: [ValidationIssue]
}
