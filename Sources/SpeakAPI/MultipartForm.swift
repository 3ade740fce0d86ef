import Foundation
import Hummingbird
import MultipartKit

/// One part of a `multipart/form-data` body.
struct MultipartPart: Sendable {
    var name: String?
    var filename: String?
    var contentType: String?
    var body: ByteBuffer
}

/// Reads `multipart/form-data` bodies up to a size limit (413 above it).
enum MultipartForm {
    static func parts(_ request: Request, maximumBytes: Int) async throws -> [MultipartPart] {
        guard let contentType = request.headers[.contentType], let boundary = boundary(in: contentType) else { return [] }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBytes {
            throw HTTPError(.contentTooLarge, message: "Upload larger than \(maximumBytes / 1_048_576) MiB")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw HTTPError(.contentTooLarge, message: "Upload larger than \(maximumBytes / 1_048_576) MiB")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers: [(String, String)] = []
        var body = ByteBuffer()
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            parts.append(MultipartPart(
                name: parameter("name", in: disposition), filename: parameter("filename", in: disposition),
                contentType: headers.first { $0.0 == "content-type" }?.1, body: body))
            headers = []
            body = ByteBuffer()
        }
        do {
            try parser.execute(buffer)
        } catch {
            throw RequestValidationError([ValidationIssue(type: "value_error", loc: ["body"], msg: "Value error, the multipart body is malformed")])
        }
        return parts
    }

    private static func boundary(in contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        return parameter("boundary", in: contentType)
    }

    /// `key=value` or `key="value"` out of a header's parameters.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
