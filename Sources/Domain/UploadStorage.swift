import Foundation

/// Keeps uploaded recordings under `<data directory>/uploads/<user id>/<UTC time>_<name>`.
public struct UploadStorage: Sendable {
    /// The data directory the stored paths are relative to.
    public let root: URL

    public init(root: URL) { self.root = root }

    /// Writes the bytes and returns the stored path, relative to `root` (`uploads/<uid>/<ts>_<name>`).
    public func save(_ bytes: Data, filename: String, user: UserID, at now: Date) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd_HHmmss"
        let safe = filename.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" }
        let name = "\(formatter.string(from: now))_\(UUID().uuidString.prefix(8))_\(String(safe.suffix(80)))"
        let relative = "uploads/\(user.hex)/\(name)"
        let file = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file, options: .atomic)
        return relative
    }

    /// Removes a stored file (when what referred to it could not be stored).
    public func remove(_ relativePath: String) {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(relativePath))
    }
}
