import BSON
import CLibBSON
import Testing

@Suite("Untrusted bytes")
struct CorruptInputTests {
    /// A deterministic pseudo-random generator (xorshift), so failures reproduce.
    struct Xorshift: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    /// libbson's verdict on the same bytes: structure plus UTF-8 (NULs inside strings allowed).
    private func libbsonAccepts(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress, let handle = bson_new_from_data(base, buffer.count) else { return false }
            defer { bson_destroy(handle) }
            var offset = 0
            let flags = BSON_VALIDATE_UTF8.rawValue | BSON_VALIDATE_UTF8_ALLOW_NULL.rawValue
            return bson_validate(handle, bson_validate_flags_t(rawValue: flags), &offset)
        }
    }

    @Test("every truncation of a valid document is rejected")
    func truncations() throws {
        let bytes = try everyTypeDocument.bsonBytes()
        for length in 0..<bytes.count {
            #expect(throws: BSONError.self) { try Document(bsonBytes: bytes[0..<length]) }
        }
    }

    @Test("random corruption never crashes; what we accept libbson accepts too, and it is stable")
    func mutations() throws {
        // Given a valid document and 20,000 corrupted copies (1–4 random bytes changed)
        let valid = try everyTypeDocument.bsonBytes()
        var random = Xorshift(state: 0x5EED_BEEF)
        var rejected = 0
        var problems: [String] = []
        for _ in 0..<20_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            // The shallow walker must stay in bounds on anything (it checks bounds, not content)
            var walked = 0
            bytes.withUnsafeBytes { raw in
                BSONShallowReader.forEachElement(in: raw) { element in
                    walked += element.key.count + element.value.count
                    return true
                }
            }
            #expect(walked <= bytes.count)
            // When our reader judges it
            do {
                let document = try Document(bsonBytes: bytes)
                // Then an accepted document is one libbson also finds valid,
                if !libbsonAccepts(bytes) { problems.append("accepted, libbson rejects: \(hexString(bytes))") }
                // and it is stable: re-encoded and read again it is the same document.
                if try Document(bsonBytes: try document.bsonBytes()) != document {
                    problems.append("unstable: \(hexString(bytes))")
                }
            } catch let error as BSONError {
                // A rejection is a BSONError with a message, never a crash.
                #expect(error.kind == .corruptBytes && !error.message.isEmpty)
                rejected += 1
            }
        }
        print("corruption: 20000 mutated documents, \(rejected) rejected, \(20_000 - rejected) accepted, \(problems.count) problems")
        #expect(rejected > 1000)
        #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "\n"))")
    }

    @Test("hostile nesting is refused")
    func nesting() throws {
        // Given 1,000 documents nested inside each other
        var bytes: [UInt8] = [5, 0, 0, 0, 0]
        for _ in 0..<1000 {
            let length = UInt32(bytes.count + 4 + 3 + 1)
            bytes = withUnsafeBytes(of: length.littleEndian, Array.init) + [0x03, 0x61, 0x00] + bytes + [0]
        }
        // Then the reader refuses it instead of recursing without bound
        let error = #expect(throws: BSONError.self) { try Document(bsonBytes: bytes) }
        #expect(error?.message.contains("nesting") == true)
    }
}
