#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a data file could not be opened, upgraded or used.
public struct DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Another process holds the file.
        case locked
        /// The file is not a Speak AI data file, or is of an unknown version.
        case notADataFile
        /// The file is damaged (the first format: at this byte, with intact records after it).
        case corrupt(offset: Int)
        /// An operating-system or SQLite call failed.
        case io(errno: Int32)
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// The file-system calls the store needs around SQLite: durable renames, directories, reads of
/// whole files. Blocking: call from the store's own threads or at start-up.
enum FileSystem {
    static func error(_ code: Int32, _ what: String) -> DataFileError {
        DataFileError(kind: .io(errno: code), message: "\(what): \(String(cString: strerror(code)))")
    }

    /// Syncs a directory so that a rename or a new file in it is durable.
    static func syncDirectory(of path: String) throws {
        let directory = parentDirectory(of: path)
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error(errno, "cannot open directory \(directory)") }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw error(errno, "cannot sync directory \(directory)") }
    }

    /// Syncs a file's contents.
    static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error(errno, "cannot open \(path)") }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw error(errno, "cannot sync \(path)") }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// Creates a directory and its parents (mode 0700 for new ones).
    static func makeDirectories(_ directory: String) throws {
        var built = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0, errno != EEXIST { throw error(errno, "cannot create directory \(built)") }
        }
    }

    /// Renames atomically.
    static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw error(errno, "cannot rename \(from) to \(to)") }
    }

    /// Removes a file if it exists.
    static func remove(_ path: String) { _ = unlink(path) }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// A file's size in bytes (0 when missing).
    static func size(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int(info.st_size)
    }

    /// A whole file's bytes, or its first `limit` bytes. (Only for files SQLite does not hold
    /// open in this process: closing a descriptor drops the process's POSIX locks on the file.)
    static func readAll(_ path: String, limit: Int? = nil) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error(errno, "cannot open \(path)") }
        defer { _ = close(fd) }
        if let limit {
            var bytes = [UInt8](repeating: 0, count: limit)
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, limit, 0) }
            return Array(bytes.prefix(max(0, n)))
        }
        return try readAll(descriptor: fd, path: path)
    }

    static func readAll(descriptor fd: Int32, path: String) throws -> [UInt8] {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw error(errno, "cannot stat \(path)") }
        let total = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: total)
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while done < total {
                let n = pread(fd, buffer.baseAddress?.advanced(by: done), total - done, off_t(done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw error(n == 0 ? EIO : errno, "cannot read \(path)") }
                done += n
            }
        }
        return bytes
    }
}
