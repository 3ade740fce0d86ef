@testable import EmbeddedStore
import Testing

@Suite("CRC-32C")
struct ChecksumTests {
    @Test("the known check value, and the processor's instruction agrees with the tables on every length and split")
    func agreement() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        var random = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let whole = bytes.withUnsafeBytes { CRC32C.checksum($0) }
            #expect(whole == bytes.withUnsafeBytes { CRC32C.software($0) }, "length \(length)")
            let split = Int.random(in: 0...length, using: &random)
            let first = Array(bytes[..<split])
            let second = Array(bytes[split...])
            #expect(CRC32C.checksum(second, continuing: CRC32C.checksum(first)) == whole, "length \(length) split at \(split)")
        }
    }
}
