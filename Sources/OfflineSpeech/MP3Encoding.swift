import CLame
import Foundation

/// MP3 encoding of mono PCM with LAME (constant bit rate, no VBR tag). Blocking and CPU-bound:
/// run it on a thread pool.
public enum MP3Encoding {
    /// MPEG audio of `audio` at `kilobitsPerSecond`.
    public static func encode(_ audio: PCMAudio, kilobitsPerSecond: Int32 = 64) throws -> Data {
        guard let encoder = lame_init() else { throw OfflineSpeechError.engineUnavailable("LAME could not start") }
        defer { lame_close(encoder) }
        lame_set_in_samplerate(encoder, Int32(audio.sampleRate))
        lame_set_out_samplerate(encoder, Int32(audio.sampleRate))
        lame_set_num_channels(encoder, 1)
        lame_set_mode(encoder, MONO)
        lame_set_brate(encoder, kilobitsPerSecond)
        lame_set_quality(encoder, 5)
        lame_set_bWriteVbrTag(encoder, 0)
        guard lame_init_params(encoder) >= 0 else {
            throw OfflineSpeechError.synthesisFailed("LAME refused \(audio.sampleRate) Hz mono at \(kilobitsPerSecond) kbit/s")
        }
        let samples = audio.samples
        var output = [UInt8](repeating: 0, count: samples.count + samples.count / 4 + 7200)
        let written = samples.withUnsafeBufferPointer { pcm in
            output.withUnsafeMutableBufferPointer { out in
                lame_encode_buffer(encoder, pcm.baseAddress, pcm.baseAddress, Int32(pcm.count), out.baseAddress, Int32(out.count))
            }
        }
        guard written >= 0 else { throw OfflineSpeechError.synthesisFailed("LAME encoding failed (\(written))") }
        let flushed = output.withUnsafeMutableBufferPointer { out in
            lame_encode_flush(encoder, out.baseAddress.map { $0 + Int(written) }, Int32(out.count - Int(written)))
        }
        guard flushed >= 0 else { throw OfflineSpeechError.synthesisFailed("LAME flush failed (\(flushed))") }
        return Data(output[0..<Int(written + flushed)])
    }
}
