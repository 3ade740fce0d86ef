/// Mono 16-bit linear PCM samples at a sample rate.
public struct PCMAudio: Sendable, Equatable {
    public var samples: [Int16]
    public var sampleRate: Int

    public init(samples: [Int16], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// The length in seconds.
    public var durationSeconds: Double { sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0 }

    /// The same audio with `seconds` of silence before it (MP3 decoders swallow the first
    /// milliseconds of a stream; a short lead-in keeps the first word whole).
    public func withLeadingSilence(seconds: Double) -> PCMAudio {
        PCMAudio(samples: [Int16](repeating: 0, count: Int(seconds * Double(sampleRate))) + samples, sampleRate: sampleRate)
    }
}

/// Why offline speech could not be produced.
public enum OfflineSpeechError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The engine could not start (its data files are missing, say).
    case engineUnavailable(String)
    /// The engine started but failed on this input.
    case synthesisFailed(String)

    public var description: String {
        switch self {
        case .engineUnavailable(let why): return "offline speech is unavailable: \(why)"
        case .synthesisFailed(let why): return "offline speech failed: \(why)"
        }
    }
}
