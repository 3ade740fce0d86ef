import AI
import Domain
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// `WS /api/audio/stream`: live transcription. The client authenticates like every route (a
/// bearer header, or `?token=` where a browser cannot set headers), sends 16 kHz mono 16-bit
/// little-endian PCM as binary frames and `{"type":"stop"}` when done. The server answers with JSON
/// text frames: `ready` at once, a `partial` transcript every couple of seconds of audio, and a
/// `final` one whose recording is stored like an `audio2text` upload (its `audio_id` can be sent as
/// a message). Partials are made only while the engine is free (they never hold up an upload) and
/// cover at most the last 10 s, so their cost per second of audio is bounded. When transcription
/// fails, the final answer is the original's `success: false` one. Problems with what the client
/// sends are `{"type":"error","detail":…}`.
struct AudioStreamController: Sendable {
    let intake: RecordingIntake
    let maximumBytes: Int
    /// Audio between partial transcripts (2 s).
    var partialEveryBytes = 64_000
    /// The most recent audio a partial transcript covers (10 s).
    var partialWindowBytes = 320_000

    static let sampleRate = 16_000

    /// - Parameter router: a group of the WebSocket router whose `AuthenticationMiddleware`
    ///   (required, token in the header or the query) reads the user once, before the upgrade.
    func addRoutes(to router: RouterGroup<SpeakRequestContext>) {
        router.ws("api/audio/stream", shouldUpgrade: { _, context in
            context.identity == nil ? .dontUpgrade : .upgrade([:])
        }, onUpgrade: { inbound, outbound, context in
            guard let user = context.requestContext.identity else { return }
            try await session(user: user.id, inbound: inbound, outbound: outbound, logger: context.logger)
        })
    }

    private struct Event: Encodable {
        var type: String
        var text: String?
        var detail: String?
        var audioID: String?
        var success: Bool?
        var durationSeconds: Double?
        var sampleRate: Int?
        var encoding: String?
        var words: [TimedWord]?

        enum CodingKeys: String, CodingKey {
            case type, text, detail, audioID = "audio_id", success, durationSeconds = "duration_seconds", sampleRate = "sample_rate", encoding, words
        }

        /// Absent members are left out, except a final answer's `audio_id`, which is `null`
        /// when nothing was stored (as in `audio2text`).
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encodeIfPresent(text, forKey: .text)
            try c.encodeIfPresent(detail, forKey: .detail)
            if type == "final" { try c.encode(audioID, forKey: .audioID) } else { try c.encodeIfPresent(audioID, forKey: .audioID) }
            try c.encodeIfPresent(success, forKey: .success)
            try c.encodeIfPresent(durationSeconds, forKey: .durationSeconds)
            try c.encodeIfPresent(sampleRate, forKey: .sampleRate)
            try c.encodeIfPresent(encoding, forKey: .encoding)
            try c.encodeIfPresent(words, forKey: .words)
        }
    }

    private struct Control: Decodable { var type: String }

    private func send(_ event: Event, _ outbound: WebSocketOutboundWriter) async throws {
        let data = try JSONEncoder().encode(event)
        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
    }

    private func session(user: UserID, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async throws {
        try await send(Event(type: "ready", sampleRate: Self.sampleRate, encoding: "pcm_s16le"), outbound)
        var pcm = Data()
        var transcribedUpTo = 0
        for try await message in inbound.messages(maxSize: 1 << 20) {
            switch message {
            case .binary(let buffer):
                pcm.append(contentsOf: buffer.readableBytesView)
                guard pcm.count <= maximumBytes else {
                    let seconds = maximumBytes / (2 * Self.sampleRate)
                    try await send(Event(type: "error", detail: "The recording is longer than the limit of \(seconds) s"), outbound)
                    try await outbound.close(.messageTooLarge, reason: "recording too long")
                    return
                }
                if pcm.count - transcribedUpTo >= partialEveryBytes {
                    transcribedUpTo = pcm.count
                    let window = pcm.suffix(partialWindowBytes & ~1)
                    do {
                        // Only while the engine is free: a partial never waits or holds anyone up.
                        if let heard = try await intake.transcriber.transcribeIfFree(
                            WAVFile.wrap(pcm: Data(window), sampleRate: Self.sampleRate), filename: "stream.wav", language: "en")
                        {
                            try await send(Event(type: "partial", text: heard.text, durationSeconds: Double(pcm.count / 2) / Double(Self.sampleRate)), outbound)
                        }
                    } catch let error as AIProviderError {
                        logger.info("A partial transcript failed", metadata: ["error": "\(error)"])
                    }
                }
            case .text(let text):
                guard let control = try? JSONDecoder().decode(Control.self, from: Data(text.utf8)), ["stop", "end", "final"].contains(control.type) else {
                    try await send(Event(type: "error", detail: "Send binary PCM frames, then {\"type\":\"stop\"}"), outbound)
                    continue
                }
                try await finish(user: user, pcm: pcm, outbound: outbound, logger: logger)
                return
            }
        }
    }

    private func finish(user: UserID, pcm: Data, outbound: WebSocketOutboundWriter, logger: Logger) async throws {
        let samples = pcm.prefix(pcm.count & ~1)
        guard !samples.isEmpty else {
            try await send(Event(type: "final", text: AudioController.nothingHeard, audioID: nil, success: false, durationSeconds: 0), outbound)
            try await outbound.close(.normalClosure, reason: nil)
            return
        }
        let wav = WAVFile.wrap(pcm: Data(samples), sampleRate: Self.sampleRate)
        let duration = Double(samples.count / 2) / Double(Self.sampleRate)
        let final: Event
        do {
            switch try await intake.take(wav, filename: "stream.wav", container: .wav, user: user) {
            case .stored(let clip, let heard):
                final = Event(type: "final", text: heard.text, audioID: clip.id.hex, success: true, durationSeconds: duration, words: heard.words)
            case .nothingHeard:
                final = Event(type: "final", text: AudioController.nothingHeard, audioID: nil, success: false, durationSeconds: duration)
            case .notStored(let heard, let error):
                logger.error("A transcribed recording could not be kept", metadata: ["error": "\(error)"])
                final = Event(type: "final", text: heard.text, audioID: nil, success: true, durationSeconds: duration, words: heard.words)
            }
        } catch let error as AIProviderError {
            logger.warning("Live transcription failed", metadata: ["error": "\(error)"])
            final = Event(type: "final", text: AudioController.notTranscribed, audioID: nil, success: false, durationSeconds: duration)
        }
        try await send(final, outbound)
        try await outbound.close(.normalClosure, reason: nil)
    }
}
