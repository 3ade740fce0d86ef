import Foundation

/// RIFF/WAVE files of 16-bit little-endian PCM.
public enum WAVFile {
    /// A WAV file holding `pcm` (16-bit little-endian samples).
    public static func wrap(pcm: Data, sampleRate: Int, channels: Int = 1) -> Data {
        var file = Data(capacity: pcm.count + 44)
        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { file.append(contentsOf: $0) } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { file.append(contentsOf: $0) } }
        file.append(contentsOf: Array("RIFF".utf8))
        append32(36 + pcm.count)
        file.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)
        append16(channels)
        append32(sampleRate)
        append32(sampleRate * channels * 2)
        append16(channels * 2)
        append16(16)
        file.append(contentsOf: Array("data".utf8))
        append32(pcm.count)
        file.append(pcm)
        return file
    }
}
