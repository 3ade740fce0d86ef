import BSON
import Hummingbird

/// Writes response bodies the way the original FastAPI service did: members in declaration order,
/// compact, `/` unescaped, `null` for absent optionals, as `application/json; charset=utf-8`.
///
/// The value is written by `CompactJSONEncoder` (the bytes `BSONEncoder` and the relaxed Extended
/// JSON writer give, without building a document first), so DTOs must hold only JSON-shaped
/// values: strings (dates are pre-formatted strings, ids are hex strings), numbers, booleans,
/// arrays, nested DTOs and optionals.
public struct OrderedJSONResponseEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let body = try CompactJSONEncoder().encode(value) { ByteBuffer(bytes: $0) }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: body))
    }
}
