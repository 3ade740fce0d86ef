import BSON
import Foundation
import Testing

/// Runs every case of the BSON corpus by the rules of the specification's bson-corpus.md:
/// valid cases round-trip bytes and canonical/relaxed Extended JSON; decode and parse errors
/// are rejected. Prints the pass count per file.
@Suite("BSON corpus")
struct BSONCorpusTests {
    @Test("corpus folder is present and complete")
    func corpusIsPresent() {
        // Given the shared corpus beside the checkout, then every spec file is there.
        #expect(CorpusFile.allNames.count >= 30, "corpus not found at \(CorpusFile.folder.path)")
    }

    @Test("corpus file passes in full", arguments: CorpusFile.allNames)
    func corpusFile(name: String) throws {
        // Given one corpus file
        let file = try CorpusFile(named: name)
        var failures: [String] = []
        var checks = 0

        // When each valid case is converted every way the spec lists
        for c in file.valid {
            checks += 1
            failures += validCaseFailures(c).map { "\(c.description): \($0)" }
        }
        // and each corrupt byte string is decoded
        for c in file.decodeErrors {
            checks += 1
            if let document = try? Document(bsonBytes: c.bson) {
                failures.append("decodeError '\(c.description)' was accepted as \(document.extendedJSON(.canonical))")
            }
        }
        // and each bad Extended JSON text is parsed
        for c in file.parseErrors {
            checks += 1
            if parseErrorWasAccepted(c, in: file) {
                failures.append("parseError '\(c.description)' was accepted")
            }
        }

        // Then nothing failed
        print("bson-corpus \(name): \(checks - failures.count)/\(checks) cases passed "
            + "(valid \(file.valid.count), decodeErrors \(file.decodeErrors.count), parseErrors \(file.parseErrors.count))")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    private func parseErrorWasAccepted(_ c: CorpusFile.ParseError, in file: CorpusFile) -> Bool {
        // Decimal128 parse errors give the bare string (bson_type 0x13); the others a whole document.
        if file.bsonType == "0x13" {
            return (try? Decimal128(c.string)) != nil
        }
        return (try? Document(extendedJSON: c.string)) != nil
    }

    private func validCaseFailures(_ c: CorpusFile.Valid) -> [String] {
        var failures: [String] = []
        do {
            // B → cB, B → cEJ, B → rEJ
            let document = try Document(bsonBytes: c.canonicalBSON)
            let bytes = try document.bsonBytes()
            if bytes != c.canonicalBSON { failures.append("bytes re-encode as \(hexString(bytes))") }
            failures += jsonMismatch(document.extendedJSON(.canonical), c.canonicalExtJSON, "B→cEJ")
            if let relaxed = c.relaxedExtJSON {
                failures += jsonMismatch(document.extendedJSON(.relaxed), relaxed, "B→rEJ")
                let fromRelaxed = try Document(extendedJSON: relaxed)
                failures += jsonMismatch(fromRelaxed.extendedJSON(.relaxed), relaxed, "rEJ→rEJ")
            }
            // cEJ → cEJ, cEJ → cB
            let fromJSON = try Document(extendedJSON: c.canonicalExtJSON)
            failures += jsonMismatch(fromJSON.extendedJSON(.canonical), c.canonicalExtJSON, "cEJ→cEJ")
            if !c.lossy, try fromJSON.bsonBytes() != c.canonicalBSON {
                failures.append("cEJ→B gave \(hexString(try fromJSON.bsonBytes()))")
            }
            // dB → cB, dB → cEJ
            if let degenerate = c.degenerateBSON {
                let d = try Document(bsonBytes: degenerate)
                if try d.bsonBytes() != c.canonicalBSON { failures.append("dB→cB gave \(hexString(try d.bsonBytes()))") }
                failures += jsonMismatch(d.extendedJSON(.canonical), c.canonicalExtJSON, "dB→cEJ")
            }
            // dEJ → cEJ, dEJ → cB
            if let degenerate = c.degenerateExtJSON {
                let d = try Document(extendedJSON: degenerate)
                failures += jsonMismatch(d.extendedJSON(.canonical), c.canonicalExtJSON, "dEJ→cEJ")
                if !c.lossy, try d.bsonBytes() != c.canonicalBSON { failures.append("dEJ→B gave \(hexString(try d.bsonBytes()))") }
            }
        } catch {
            failures.append("threw \(error)")
        }
        return failures
    }

    /// Compares two JSON texts as trees: member order, string contents and number text count;
    /// whitespace and escaping style do not.
    private func jsonMismatch(_ actual: String, _ expected: String, _ step: String) -> [String] {
        guard let a = try? JSONValue(parsing: actual), let e = try? JSONValue(parsing: expected) else {
            return ["\(step): unparseable JSON \(actual)"]
        }
        return a == e ? [] : ["\(step): got \(actual), expected \(expected)"]
    }
}
