/// A recording longer than transcription takes (`MAX_AUDIO_SECONDS`): refused before the
/// engine spends its time on it.
public struct RecordingTooLong: Error, Sendable, Equatable, CustomStringConvertible {
    /// The recording's length, when known.
    public var seconds: Double?
    /// The longest recording taken.
    public var limit: Double

    public init(seconds: Double?, limit: Double) {
        self.seconds = seconds
        self.limit = limit
    }

    public var description: String {
        let length = seconds.map { "is \(Int($0.rounded(.up))) s long" } ?? "is too long"
        return "The recording \(length); recordings up to \(Int(limit)) s are transcribed"
    }
}
