import BSON
import Hummingbird

/// Writes response bodies the way the original FastAPI service did: members in declaration order,
/// compact, `/` unescaped, `null` for absent optionals, as `application/json; charset=utf-8`.
///
/// The value goes through `BSONEncoder` (which keeps field order) and the relaxed Extended JSON
/// writer, so DTOs must hold only JSON-shaped values: strings (dates are pre-formatted strings,
/// ids are hex strings), numbers, booleans, arrays, nested DTOs and optionals.
public struct OrderedJSONResponseEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let bytes: [UInt8]
        switch try BSONEncoder().encodeValue(value) {
        case .document(let document): bytes = document.extendedJSONBytes(.relaxed)
        case let other: bytes = Array(other.extendedJSON(.relaxed).utf8)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
