import Foundation

/// A temporary file a child process writes its output to, read once the child has ended.
///
/// Not a `Pipe`: Foundation's pipes are inherited by any child another thread starts at the
/// same moment (the Whisper sidecar, say), and a read to the end of a pipe whose write end a
/// long-lived process holds never ends. That hung whole test runs. A file has no end to wait
/// for: it is read after the child's exit.
public final class ChildOutputFile: Sendable {
    /// The file's handle, to give the child as its standard output or error.
    public let handle: FileHandle
    private let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("speakai-child-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }

    /// What the child wrote so far (all of it once the child has ended).
    public func data() -> Data {
        (try? Data(contentsOf: url)) ?? Data()
    }

    /// What the child wrote, as UTF-8 text.
    public func text() -> String {
        String(decoding: data(), as: UTF8.self)
    }
}
