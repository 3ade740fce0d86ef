#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the data file could not be opened or used.
public struct DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Another process holds the file.
        case locked
        /// The file is not a Speak AI data file, or is of an unknown version.
        case notADataFile
        /// A record before the end is damaged; opening would lose the data after it.
        case corrupt(offset: Int)
        /// An operating-system call failed.
        case io(errno: Int32)
    }

    public let kind: Kind
    public let message: String

    public var description: String { message }
}

/// A data file opened for appending, exclusively locked with `flock`. Blocking calls: use it
/// from the store's own threads or at start-up, never on an event loop.
final class DataFile: @unchecked Sendable {
    /// How long opening waits for another holder of the lock before giving up.
    static let lockWaitSeconds = 3.0

    private(set) var path: String
    private(set) var descriptor: Int32

    /// Opens (creating when missing, mode 0600) and locks the file.
    init(path: String, create: Bool = true) throws {
        self.path = path
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else { throw DataFile.error(errno, "cannot open data file \(path)") }
        // A process that just closed the file, or a child being spawned that briefly shares its
        // descriptors, may hold the lock for a moment: wait up to lockWaitSeconds for it.
        var waited = 0.0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK && waited < DataFile.lockWaitSeconds {
                usleep(20_000)
                waited += 0.02
                continue
            }
            _ = Glibc.close(fd)
            if code == EWOULDBLOCK {
                throw DataFileError(kind: .locked, message: "data file \(path) is in use by another process (it is locked); stop that process or use another file")
            }
            throw DataFile.error(code, "cannot lock data file \(path)")
        }
        descriptor = fd
    }

    deinit { if descriptor >= 0 { _ = Glibc.close(descriptor) } }

    static func error(_ code: Int32, _ what: String) -> DataFileError {
        DataFileError(kind: .io(errno: code), message: "\(what): \(String(cString: strerror(code)))")
    }

    /// The file's size in bytes.
    func size() throws -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw DataFile.error(errno, "cannot stat \(path)") }
        return Int(info.st_size)
    }

    /// Reads the whole file.
    func readAll() throws -> [UInt8] {
        let total = try size()
        var bytes = [UInt8](repeating: 0, count: total)
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while done < total {
                let n = pread(descriptor, buffer.baseAddress?.advanced(by: done), total - done, off_t(done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw DataFile.error(n == 0 ? EIO : errno, "cannot read \(path)") }
                done += n
            }
        }
        return bytes
    }

    /// Appends bytes at the end of the file (all of them, retrying short writes).
    func append(_ bytes: [UInt8]) throws {
        guard lseek(descriptor, 0, SEEK_END) >= 0 else { throw DataFile.error(errno, "cannot seek \(path)") }
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(descriptor, buffer.baseAddress?.advanced(by: done), buffer.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw DataFile.error(errno, "cannot write \(path)") }
                done += n
            }
        }
    }

    /// Makes written data durable (`fdatasync`).
    func sync() throws {
        while fdatasync(descriptor) != 0 {
            guard errno == EINTR else { throw DataFile.error(errno, "cannot sync \(path)") }
        }
    }

    /// Cuts the file to `length` bytes and syncs.
    func truncate(to length: Int) throws {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw DataFile.error(errno, "cannot truncate \(path)") }
        try sync()
    }

    /// Records that the file now lives at another path (after a rename).
    func moved(to newPath: String) { path = newPath }

    /// Closes the descriptor (releasing the lock).
    func close() {
        if descriptor >= 0 {
            _ = Glibc.close(descriptor)
            descriptor = -1
        }
    }

    /// Syncs a directory so that a rename or a new file in it is durable.
    static func syncDirectory(of path: String) throws {
        let directory = parentDirectory(of: path)
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error(errno, "cannot open directory \(directory)") }
        defer { _ = Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw error(errno, "cannot sync directory \(directory)") }
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
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}
