import Foundation

/// Walks the MPEG audio frames of an MP3 stream (no ID3 tag expected): every header must be valid
/// and every frame must end exactly where the next begins, up to the end of the data.
struct MP3Frames {
    var count = 0
    var sampleRate = 0
    var samplesPerFrame = 0
    var seconds: Double { sampleRate > 0 ? Double(count * samplesPerFrame) / Double(sampleRate) : 0 }

    enum Failure: Error { case badHeader(offset: Int), truncated(offset: Int) }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        var offset = 0
        let mpeg1Rates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        let mpeg2Rates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        while offset < bytes.count {
            guard offset + 4 <= bytes.count, bytes[offset] == 0xFF, bytes[offset + 1] & 0xE0 == 0xE0 else { throw Failure.badHeader(offset: offset) }
            let version = (bytes[offset + 1] >> 3) & 3, layer = (bytes[offset + 1] >> 1) & 3
            let rateIndex = Int(bytes[offset + 2] >> 4), sampleIndex = Int((bytes[offset + 2] >> 2) & 3), padding = Int((bytes[offset + 2] >> 1) & 1)
            guard layer == 1, version != 1, (1...14).contains(rateIndex), sampleIndex < 3 else { throw Failure.badHeader(offset: offset) }
            let isMPEG1 = version == 3
            let rate = [[11025, 12000, 8000], [0, 0, 0], [22050, 24000, 16000], [44100, 48000, 32000]][Int(version)][sampleIndex]
            let kbps = (isMPEG1 ? mpeg1Rates : mpeg2Rates)[rateIndex]
            let length = (isMPEG1 ? 144 : 72) * kbps * 1000 / rate + padding
            guard offset + length <= bytes.count else { throw Failure.truncated(offset: offset) }
            sampleRate = rate
            samplesPerFrame = isMPEG1 ? 1152 : 576
            count += 1
            offset += length
        }
    }
}
