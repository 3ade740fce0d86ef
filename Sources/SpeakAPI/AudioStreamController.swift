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
/// a message). Problems are `{"type":"error","detail":…}`.
struct AudioStreamController: Sendable {
    let intake: RecordingIntake
    let authenticator: Authenticator
    let maximumBytes: Int
    /// Audio between partial transcripts (2 s).
    var partialEveryBytes = 64_000
    /// The most recent audio a partial transcript covers (30 s).
    var partialWindowBytes = 960_000

    static let sampleRate = 16_000

    func addRoutes(to router: Router<SpeakRequestContext>) {
        router.ws("api/audio/stream", shouldUpgrade: { request, _ in
            _ = try await authenticator.user(for: request, queryToken: true)
            return .upgrade([:])
        }, onUpgrade: { inbound, outbound, context in
            let user = try await authenticator.user(for: context.request, queryToken: true)
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
                    try await send(Event(type: "error", detail: "The recording is longer than the \(maximumBytes >> 20) MiB limit"), outbound)
                    try await outbound.close(.messageTooLarge, reason: "recording too long")
                    return
                }
                if pcm.count - transcribedUpTo >= partialEveryBytes {
                    transcribedUpTo = pcm.count
                    let window = pcm.suffix(partialWindowBytes & ~1)
                    do {
                        let heard = try await intake.transcriber.transcribe(WAVFile.wrap(pcm: Data(window), sampleRate: Self.sampleRate), filename: "stream.wav", language: "en")
                        try await send(Event(type: "partial", text: heard.text, durationSeconds: Double(pcm.count / 2) / Double(Self.sampleRate)), outbound)
                    } catch let error as AIProviderError {
                        try await send(Event(type: "error", detail: error.description), outbound)
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
        do {
            let (clip, heard) = try await intake.take(wav, filename: "stream.wav", container: .wav, user: user)
            let duration = Double(samples.count / 2) / Double(Self.sampleRate)
            if let clip {
                try await send(Event(type: "final", text: heard.text, audioID: clip.id.hex, success: true, durationSeconds: duration, words: heard.words), outbound)
            } else {
                try await send(Event(type: "final", text: AudioController.nothingHeard, audioID: nil, success: false, durationSeconds: duration), outbound)
            }
            try await outbound.close(.normalClosure, reason: nil)
        } catch let error as AIProviderError {
            logger.warning("Live transcription failed", metadata: ["error": "\(error)"])
            try await send(Event(type: "error", detail: error.description), outbound)
            try await outbound.close(.unexpectedServerError, reason: "transcription failed")
        }
    }
}
