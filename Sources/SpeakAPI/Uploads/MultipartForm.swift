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

/// A `multipart/form-data` upload read as it arrived: its file part on disk, the other parts
/// (small by nature) in memory.
struct SpooledForm: Sendable {
    /// The parts other than the file.
    var fields: [MultipartPart] = []
    /// Whether the file part was there at all.
    var hasFilePart = false
    /// The file part's bytes in `.incoming`; `nil` when it had none.
    var file: IncomingFile?
    var filename: String?
    var contentType: String?
}

/// Reads `multipart/form-data` bodies as they arrive, up to a size limit (413 above it): the
/// named file part is written to disk chunk by chunk, so an upload never sits whole in memory.
enum MultipartForm {
    /// Parts other than the file may hold this much between them (413 above it).
    static let maximumFieldBytes = 64 * 1024

    /// - Throws: 413 `HTTPError` past `maximumBytes`; `RequestValidationError` for a malformed
    ///   body. The file is deleted on any error; otherwise the caller keeps or deletes it.
    static func spool(_ request: Request, maximumBytes: Int, filePart: String, storage: UploadStorage) async throws -> SpooledForm {
        guard let contentType = request.headers[.contentType], let boundary = boundary(in: contentType) else { return SpooledForm() }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBytes { throw tooLarge(maximumBytes) }
        let reader = PartReader(boundary: boundary, filePart: filePart)
        var form = SpooledForm()
        var received = 0
        do {
            for try await chunk in request.body {
                received += chunk.readableBytes
                guard received <= maximumBytes else { throw tooLarge(maximumBytes) }
                do {
                    try reader.parser.execute(chunk)
                } catch {
                    throw malformed
                }
                guard reader.fieldBytes <= maximumFieldBytes else { throw tooLarge(maximumBytes) }
                if reader.pendingFileBytes.readableBytes > 0 {
                    if form.file == nil { form.file = try await storage.begin() }
                    if var file = form.file {
                        try await file.append(reader.pendingFileBytes)
                        form.file = file
                    }
                    reader.pendingFileBytes.clear()
                }
            }
            // A body cut short leaves its last part unfinished.
            guard !reader.partOpen else { throw malformed }
        } catch {
            if let file = form.file { await storage.discard(file) }
            throw error
        }
        form.fields = reader.fields
        form.hasFilePart = reader.fileSeen
        form.filename = reader.filename
        form.contentType = reader.fileContentType
        return form
    }

    private static func tooLarge(_ maximumBytes: Int) -> HTTPError {
        HTTPError(.contentTooLarge, message: "Upload larger than \(maximumBytes / 1_048_576) MiB")
    }

    private static var malformed: RequestValidationError {
        RequestValidationError([ValidationIssue(type: "value_error", loc: ["body"], msg: "Value error, the multipart body is malformed")])
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

/// The parser's state over one body: which part is open and where its bytes go (the first part
/// named like the file part to `pendingFileBytes`, emptied after each chunk; others to memory).
private final class PartReader {
    let parser: MultipartParser
    private let filePart: String
    private var headers: [(String, String)] = []
    private var destination: Destination?
    private var fieldBody = ByteBuffer()
    private(set) var fields: [MultipartPart] = []
    private(set) var fieldBytes = 0
    private(set) var fileSeen = false
    private(set) var filename: String?
    private(set) var fileContentType: String?
    /// Whether a part's headers or bytes have come without its end.
    private(set) var partOpen = false
    var pendingFileBytes = ByteBuffer()

    private enum Destination { case file, field, ignored }

    init(boundary: String, filePart: String) {
        parser = MultipartParser(boundary: boundary)
        self.filePart = filePart
        parser.onHeader = { [unowned self] name, value in
            partOpen = true
            headers.append((name.lowercased(), value))
        }
        parser.onBody = { [unowned self] chunk in
            partOpen = true
            switch decide() {
            case .file: pendingFileBytes.writeBuffer(&chunk)
            case .field:
                fieldBytes += chunk.readableBytes
                fieldBody.writeBuffer(&chunk)
            case .ignored: break
            }
        }
        parser.onPartComplete = { [unowned self] in
            if decide() == .field {
                let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
                fields.append(MultipartPart(
                    name: MultipartForm.parameter("name", in: disposition), filename: MultipartForm.parameter("filename", in: disposition),
                    contentType: header("content-type"), body: fieldBody))
            }
            headers = []
            destination = nil
            fieldBody = ByteBuffer()
            partOpen = false
        }
    }

    private func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }

    /// Where the open part's bytes go, decided from its headers on its first byte (or its end).
    private func decide() -> Destination {
        if let destination { return destination }
        let disposition = header("content-disposition") ?? ""
        let chosen: Destination
        if MultipartForm.parameter("name", in: disposition) == filePart {
            chosen = fileSeen ? .ignored : .file
            if !fileSeen {
                fileSeen = true
                filename = MultipartForm.parameter("filename", in: disposition)
                fileContentType = header("content-type")
            }
        } else {
            chosen = .field
        }
        destination = chosen
        return chosen
    }
}
