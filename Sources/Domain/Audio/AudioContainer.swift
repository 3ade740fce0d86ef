/// The audio containers uploads may be in, recognised from their first bytes (never from the
/// name or the declared content type, which clients get wrong).
public enum AudioContainer: String, Sendable, CaseIterable {
    case wav, mp3, m4a, aac, ogg, flac, webm

    /// The container of these bytes, or `nil` when they are none of the accepted ones.
    public static func sniff(_ bytes: some Collection<UInt8>) -> AudioContainer? {
        let head = Array(bytes.prefix(16))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<(offset + prefix.count)]) == prefix
        }
        if starts(Array("RIFF".utf8)) && starts(Array("WAVE".utf8), at: 8) { return .wav }
        if starts(Array("OggS".utf8)) { return .ogg }
        if starts(Array("fLaC".utf8)) { return .flac }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        if starts(Array("ftyp".utf8), at: 4) { return .m4a }
        if starts(Array("ID3".utf8)) { return .mp3 }
        if head.count >= 2 && head[0] == 0xFF {
            // ADTS AAC: 1111 1111 1111 x00x (layer bits 00); MPEG audio frames: 111x xxxx with layer ≠ 00.
            if head[1] & 0xF6 == 0xF0 { return .aac }
            if head[1] & 0xE0 == 0xE0 && head[1] & 0x06 != 0 { return .mp3 }
        }
        return nil
    }
}

extension AudioContainer {
    /// The duration of a PCM WAV recording from its header (other containers: `nil`).
    public func estimatedDuration(_ bytes: some Collection<UInt8>) -> Double? {
        estimatedDuration(head: Array(bytes.prefix(64)), totalBytes: bytes.count)
    }

    /// The same from the recording's first bytes (at least 44) and its size.
    public func estimatedDuration(head: [UInt8], totalBytes: Int) -> Double? {
        guard self == .wav, head.count >= 44 else { return nil }
        func u32(_ i: Int) -> Int { Int(head[i]) | Int(head[i + 1]) << 8 | Int(head[i + 2]) << 16 | Int(head[i + 3]) << 24 }
        let byteRate = u32(28)
        guard byteRate > 0 else { return nil }
        return Double(max(0, totalBytes - 44)) / Double(byteRate)
    }
}
