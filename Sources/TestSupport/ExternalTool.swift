import Foundation

/// Runs the command-line tools the tests and benchmarks use to make real audio (espeak-ng, ffmpeg,
/// lame; installed by scripts/setup).
public enum ExternalTool {
    /// Why a tool failed.
    public struct Failure: Error, CustomStringConvertible {
        public var tool: String
        public var status: Int32
        public var description: String { "\(tool) exited with status \(status)" }
    }

    /// Runs `tool` with `arguments` and waits for it; throws when it fails.
    public static func run(_ tool: String, _ arguments: [String]) throws {
        _ = try output(tool, arguments, capture: false)
    }

    /// Runs `tool` and returns what it wrote to standard output; throws when it fails.
    public static func output(_ tool: String, _ arguments: [String]) throws -> Data {
        try output(tool, arguments, capture: true)
    }

    private static func output(_ tool: String, _ arguments: [String], capture: Bool) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = try ChildOutputFile()
        if capture { process.standardOutput = output.handle }
        try process.run()
        let status = process.exitStatus() ?? -1
        guard status == 0 else { throw Failure(tool: tool, status: status) }
        return capture ? output.data() : Data()
    }

    /// `text` spoken by espeak-ng (140 words per minute) as a WAV file, optionally converted by
    /// ffmpeg to `container` (a 0.25 s lead-in: lossy encoders blur the first milliseconds) or to
    /// raw 16 kHz mono 16-bit PCM with `container` "raw16k".
    public static func speech(_ text: String, as container: String = "wav") throws -> Data {
        try withSpeech(text, espeakOptions: ["-s", "140"]) { folder, wav in try converted(wav, in: folder, to: container) }
    }

    private static func converted(_ wav: URL, in folder: URL, to container: String) throws -> Data {
        switch container {
        case "wav":
            return try Data(contentsOf: wav)
        case "raw16k":
            let raw = folder.appendingPathComponent("speech.raw")
            try run("/usr/bin/ffmpeg", ["-v", "error", "-i", wav.path, "-ar", "16000", "-ac", "1", "-f", "s16le", raw.path])
            return try Data(contentsOf: raw)
        default:
            let out = folder.appendingPathComponent("speech.\(container)")
            try run("/usr/bin/ffmpeg", ["-v", "error", "-y", "-i", wav.path, "-af", "adelay=250", out.path])
            return try Data(contentsOf: out)
        }
    }

    /// `text` spoken by espeak-ng with `voice` (such as `en-gb` or `en-us+f3`) at
    /// `wordsPerMinute`, as a WAV file.
    public static func speech(_ text: String, voice: String, wordsPerMinute: Int) throws -> Data {
        try withSpeech(text, espeakOptions: ["-v", voice, "-s", String(wordsPerMinute)]) { _, wav in try Data(contentsOf: wav) }
    }

    /// Speaks `text` with espeak-ng into a WAV file in a temporary folder, hands both to `body`,
    /// and removes the folder.
    private static func withSpeech<R>(_ text: String, espeakOptions: [String], _ body: (URL, URL) throws -> R) throws -> R {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("speakai-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = folder.appendingPathComponent("speech.wav")
        try run("/usr/bin/espeak-ng", espeakOptions + ["-w", wav.path, text])
        return try body(folder, wav)
    }
}
