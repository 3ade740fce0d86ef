import Testing
@testable import BSON

@Suite("The JSON writers' growable bytes (unit)")
struct ByteOutputUnitTests {
    @Test("bytes appended one at a time, in runs, filled in place and from sequences come out in order, across every growth")
    func appendsInOrder() {
        // Given an output with little room, and the same appends made to an array
        var output = ByteOutput(capacity: 1)
        var expected: [UInt8] = []
        for round in 0..<300 {
            // When runs of every length up to a few hundred bytes are appended in each way
            let run = (0..<round).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ round) }
            switch round % 4 {
            case 0: run.forEach { output.append($0) }
            case 1: run.withUnsafeBufferPointer { output.append($0) }
            case 2: output.append(contentsOf: run)
            default:
                output.append(upTo: round + 5) { buffer in
                    for (i, byte) in run.enumerated() { buffer[i] = byte }
                    return run.count
                }
            }
            expected += run
        }
        // Then the output holds exactly those bytes
        #expect(output.count == expected.count)
        #expect(output.array == expected)
        #expect(output.withUnsafeBytes { Array($0) } == expected)
    }

    @Test("a copy is a value: appending to one leaves the other as it was")
    func valueSemantics() {
        // Given an output and a copy of it
        var original = ByteOutput(capacity: 64)
        original.append(contentsOf: Array("shared".utf8))
        var copy = original
        // When each is appended to
        copy.append(contentsOf: Array(" copy".utf8))
        original.append(contentsOf: Array(" original".utf8))
        // Then neither sees the other's bytes
        #expect(String(decoding: copy.array, as: UTF8.self) == "shared copy")
        #expect(String(decoding: original.array, as: UTF8.self) == "shared original")
    }

    @Test("a fill that claims more than its room, or less than nothing, is held to what it was given")
    func fillIsBounded() {
        var output = ByteOutput(capacity: 4)
        output.append(upTo: 3) { buffer in
            for i in buffer.indices { buffer[i] = UInt8(ascii: "a") }
            return 1_000
        }
        output.append(upTo: 3) { _ in -5 }
        #expect(output.array == Array("aaa".utf8))
    }
}
