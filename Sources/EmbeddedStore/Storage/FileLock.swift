#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An exclusive `flock` on the data file, held while a store has it open, so a second server
/// process gets a clear error naming the file. (`flock` locks are apart from the POSIX locks
/// SQLite takes; the descriptor stays open until every SQLite connection is closed, because
/// closing any descriptor of a file drops the process's POSIX locks on it.)
final class FileLock: Sendable {
    /// How long taking the lock waits for another holder before giving up.
    static let waitSeconds = 3.0

    let path: String
    private let descriptor: Mutex<Int32>

    /// Opens (creating when missing, mode 0600) and locks the file.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileSystem.error(errno, "cannot open data file \(path)") }
        // A process that just closed the file may hold the lock for a moment: wait a little.
        var waited = 0.0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK && waited < FileLock.waitSeconds {
                usleep(20_000)
                waited += 0.02
                continue
            }
            _ = close(fd)
            if code == EWOULDBLOCK {
                throw DataFileError(kind: .locked, message: "data file \(path) is in use by another process (it is locked); stop that process or use another file")
            }
            throw FileSystem.error(code, "cannot lock data file \(path)")
        }
        descriptor = Mutex(fd)
    }

    deinit { release() }

    /// The first `count` bytes of the file (fewer when it is shorter).
    func header(_ count: Int) -> [UInt8] {
        descriptor.withLock { fd in
            var bytes = [UInt8](repeating: 0, count: count)
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
            return Array(bytes.prefix(max(0, n)))
        }
    }

    /// The whole file's bytes.
    func readAll() throws -> [UInt8] {
        try descriptor.withLock { fd in try FileSystem.readAll(descriptor: fd, path: path) }
    }

    /// Releases the lock and closes the descriptor (once).
    func release() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = close(fd) }
            fd = -1
        }
    }
}
