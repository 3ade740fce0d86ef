import CEspeakNG
import Synchronization

/// Speech from espeak-ng (22,050 Hz mono). espeak-ng keeps process-wide state, so calls are
/// serialised; each call blocks its thread until the sentence is synthesised, so callers run it on
/// a thread pool, never on an event loop.
public enum EspeakSpeech {
    /// The engine's sample rate once it has started.
    private static let engine = Mutex<Int?>(nil)

    /// The samples of `text` spoken in American English by a female or male voice.
    /// - Parameter wordsPerMinute: speaking rate (espeak-ng's default is 175).
    public static func synthesize(_ text: String, female: Bool, wordsPerMinute: Int = 150) throws -> PCMAudio {
        try engine.withLock { sampleRate in
            let rate = try sampleRate ?? start()
            sampleRate = rate
            guard espeak_SetVoiceByName(female ? "en-us+f3" : "en-us+m3") == EE_OK else {
                throw OfflineSpeechError.engineUnavailable("espeak-ng has no en-us voice")
            }
            espeak_SetParameter(espeakRATE, Int32(max(80, min(450, wordsPerMinute))), 0)
            let sink = SampleSink()
            let retained = Unmanaged.passRetained(sink)
            defer { retained.release() }
            let status = text.withCString { characters in
                espeak_Synth(characters, text.utf8.count + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil, retained.toOpaque())
            }
            guard status == EE_OK else { throw OfflineSpeechError.synthesisFailed("espeak_Synth returned \(status.rawValue)") }
            espeak_Synchronize()
            return PCMAudio(samples: sink.samples, sampleRate: rate)
        }
    }

    private static func start() throws -> Int {
        let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nil, 0)
        guard rate > 0 else { throw OfflineSpeechError.engineUnavailable("espeak-ng could not start (are its data files installed?)") }
        espeak_SetSynthCallback(collectSamples)
        return Int(rate)
    }
}

/// Where the synthesis callback puts the samples of the sentence in progress.
private final class SampleSink {
    var samples: [Int16] = []
}

/// espeak-ng's synthesis callback: appends each chunk to the sink named by the event's user data.
private let collectSamples: @convention(c) (UnsafeMutablePointer<Int16>?, Int32, UnsafeMutablePointer<espeak_EVENT>?) -> Int32 = { wave, count, events in
    guard let wave, count > 0, let userData = events?.pointee.user_data else { return 0 }
    let sink = Unmanaged<SampleSink>.fromOpaque(userData).takeUnretainedValue()
    sink.samples.append(contentsOf: UnsafeBufferPointer(start: wave, count: Int(count)))
    return 0
}
