import Domain
import Foundation
import NIOCore
import NIOFileSystem

/// Uploaded recordings on disk. An upload is written as it arrives into `uploads/.incoming/`
/// and, once it is wanted, moved to `uploads/<user id>/<UTC time>_<random>_<name>`, the path
/// the `audio` collection records. Files are 0600 and folders 0700 (recordings are personal);
/// a kept file and its folder are synced before the move is reported, so an acknowledged
/// recording survives a power cut. All file work runs on NIO's file-system threads.
struct UploadStorage: Sendable {
    /// The data directory the stored paths are relative to.
    let root: URL

    private var uploads: FilePath { FilePath(root.appendingPathComponent("uploads").path) }
    private var incoming: FilePath { uploads.appending(".incoming") }

    /// At start: `uploads` and `.incoming` made 0700 (or set so) — which closes every learner's
    /// folder inside to others, those made before uploads were private too — and what interrupted
    /// uploads left in `.incoming` removed. Nothing of this is repeated per upload.
    func prepare() async throws {
        try await makePrivateDirectory(uploads)
        try await FileSystem.shared.removeItem(at: incoming, recursively: true)
        try await makePrivateDirectory(incoming)
    }

    /// A new, empty file in `.incoming` (made by `prepare`), open for writing.
    func begin() async throws -> IncomingFile {
        let path = incoming.appending(UUID().uuidString + ".part")
        // Visible at once (not created "transactionally"): the transcriber reads it by its path.
        let handle = try await FileSystem.shared.openFile(
            forWritingAt: path,
            options: OpenOptions.Write(existingFile: .none, newFile: .init(permissions: .ownerReadWrite, transactionalCreation: false)))
        return IncomingFile(path: path, handle: handle)
    }

    /// Syncs and closes the file, then moves it into the user's folder (synced too).
    /// - Returns: the stored path, relative to `root` (`uploads/<uid>/<ts>_<random>_<name>`).
    func keep(_ file: IncomingFile, filename: String, user: UserID, at now: Date) async throws -> String {
        try await file.handle.synchronize()
        try await file.handle.close()
        let folder = uploads.appending(user.hex)
        // (Only made when missing: an existing folder is left as it is.)
        try await FileSystem.shared.createDirectory(at: folder, withIntermediateDirectories: true, permissions: .ownerReadWriteExecute)
        let name = "\(Self.timestamp(now))_\(UUID().uuidString.prefix(8))_\(Self.safeName(filename))"
        try await FileSystem.shared.moveItem(at: file.path, to: folder.appending(name))
        try await synchronizeDirectory(folder)
        return "uploads/\(user.hex)/\(name)"
    }

    /// Closes and deletes an upload that is not kept.
    func discard(_ file: IncomingFile) async {
        try? await file.handle.close()
        _ = try? await FileSystem.shared.removeItem(at: file.path, recursively: false)
    }

    /// Removes a kept file (when what referred to it could not be stored).
    func remove(_ relativePath: String) async {
        _ = try? await FileSystem.shared.removeItem(at: FilePath(root.appendingPathComponent(relativePath).path), recursively: false)
    }

    /// The absolute location of an upload under way.
    func url(of file: IncomingFile) -> URL { URL(fileURLWithPath: file.path.string) }

    /// Creates `path` (and its parents) as 0700, or makes an existing one 0700.
    private func makePrivateDirectory(_ path: FilePath) async throws {
        try await FileSystem.shared.createDirectory(at: path, withIntermediateDirectories: true, permissions: .ownerReadWriteExecute)
        // An existing folder (made before uploads were private) is closed to others too.
        let directory = try await FileSystem.shared.openDirectory(atPath: path, options: .init())
        do {
            try await directory.replacePermissions(.ownerReadWriteExecute)
            try await directory.close()
        } catch {
            try? await directory.close()
            throw error
        }
    }

    private func synchronizeDirectory(_ path: FilePath) async throws {
        let directory = try await FileSystem.shared.openDirectory(atPath: path, options: .init())
        do {
            try await directory.synchronize()
            try await directory.close()
        } catch {
            try? await directory.close()
            throw error
        }
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd_HHmmss"
        return formatter.string(from: date)
    }

    /// The client's file name with anything but letters, digits, `.`, `-` and `_` replaced, at
    /// most 80 characters.
    private static func safeName(_ filename: String) -> String {
        String(String(filename.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" }).suffix(80))
    }
}

/// An upload being written to `.incoming`: its handle, how much has been written, and its first
/// bytes (enough to tell the audio format and read a WAV header).
struct IncomingFile: Sendable {
    let path: FilePath
    let handle: WriteFileHandle
    private(set) var size: Int64 = 0
    private(set) var head: [UInt8] = []

    init(path: FilePath, handle: WriteFileHandle) {
        self.path = path
        self.handle = handle
    }

    /// Appends bytes at the end.
    mutating func append(_ buffer: ByteBuffer) async throws {
        guard buffer.readableBytes > 0 else { return }
        if head.count < 64 { head += buffer.readableBytesView.prefix(64 - head.count) }
        try await handle.write(contentsOf: buffer, toAbsoluteOffset: size)
        size += Int64(buffer.readableBytes)
    }
}
