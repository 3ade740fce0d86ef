import BSON
import Domain
import Hummingbird

/// Path and query parameters, with FastAPI's 422 answers for malformed ones.
enum PathParameters {
    /// A typed id from a path parameter; a malformed one is 422 at `["path", name]`.
    static func id<Entity>(_ context: some RequestContext, _ name: String, as: TypedID<Entity>.Type = TypedID<Entity>.self) throws -> TypedID<Entity> {
        let text = context.parameters.get(name) ?? ""
        do {
            return try TypedID<Entity>(text)
        } catch let error as BSONError {
            throw RequestValidationError([.invalid(["path", name], error.message, input: text)])
        }
    }

    /// An integer query parameter within bounds, or its default.
    static func integer(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.formQuery.get(name) else { return value }
        guard let number = Int(text) else {
            throw RequestValidationError([ValidationIssue(type: "int_parsing", loc: ["query", name], msg: "Input should be a valid integer, unable to parse string as an integer", input: text)])
        }
        guard range.contains(number) else {
            throw RequestValidationError([ValidationIssue(type: number < range.lowerBound ? "greater_than_equal" : "less_than_equal", loc: ["query", name], msg: "Input should be \(number < range.lowerBound ? "greater than or equal to \(range.lowerBound)" : "less than or equal to \(range.upperBound)")", input: text)])
        }
        return number
    }
}
