import BSON
import Foundation
import Hummingbird

/// Reads request bodies with the limits and error shapes of the API: JSON objects checked field
/// by field (422 with `loc` on any problem), and URL-encoded forms.
enum RequestBody {
    /// The largest JSON or form body accepted.
    static let maximumSize = 1 << 20

    /// The members of a JSON object body.
    static func jsonObject(_ request: Request) async throws -> [String: JSONValue] {
        let buffer = try await collect(request)
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw RequestValidationError([.missing(["body"])]) }
        guard let json = try? JSONValue(parsing: bytes) else {
            throw RequestValidationError([ValidationIssue(type: "json_invalid", loc: ["body"], msg: "JSON decode error")])
        }
        guard case .object(let members) = json else {
            throw RequestValidationError([ValidationIssue(type: "model_attributes_type", loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from")])
        }
        var object: [String: JSONValue] = [:]
        for member in members { object[member.key] = member.value }
        return object
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func form(_ request: Request) async throws -> [String: String] {
        let buffer = try await collect(request)
        let text = String(buffer: buffer)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decodeFormComponent(parts[0])
            fields[key] = parts.count > 1 ? decodeFormComponent(parts[1]) : ""
        }
        return fields
    }

    private static func collect(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: maximumSize)
        } catch {
            throw HTTPError(.contentTooLarge, message: "Request body larger than \(maximumSize) bytes")
        }
    }

    private static func decodeFormComponent(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// A required string member.
    static func string(_ object: [String: JSONValue], _ key: String, maximumCharacters: Int = defaultMaximumCharacters,
                       issues: inout [ValidationIssue]) -> String? {
        switch object[key] {
        case nil: issues.append(.missing(["body", key]))
        case .string(let s)?: return within(s, key, maximumCharacters, &issues)
        default: issues.append(.notString(["body", key]))
        }
        return nil
    }

    /// An optional string member (absent or null is nil).
    static func optionalString(_ object: [String: JSONValue], _ key: String, maximumCharacters: Int = defaultMaximumCharacters,
                               issues: inout [ValidationIssue]) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return within(s, key, maximumCharacters, &issues)
        default:
            issues.append(.notString(["body", key]))
            return nil
        }
    }

    /// The longest text any string member may hold unless a route says less: every piece of
    /// text the server works on is bounded (what is checked, stored, spoken or sent to an AI).
    static let defaultMaximumCharacters = 10_000

    /// `s`, or nil with FastAPI's `string_too_long` issue when it is longer than `maximum`.
    private static func within(_ s: String, _ key: String, _ maximum: Int, _ issues: inout [ValidationIssue]) -> String? {
        guard s.utf8.count > maximum, s.count > maximum else { return s }
        issues.append(ValidationIssue(type: "string_too_long", loc: ["body", key], msg: "String should have at most \(maximum) characters"))
        return nil
    }
}
