import Foundation

/// One file of the MongoDB BSON corpus (../shared/data/bson-corpus), read with Foundation.
struct CorpusFile: Sendable, CustomStringConvertible {
    struct Valid: Sendable {
        var description: String
        var canonicalBSON: [UInt8]
        var canonicalExtJSON: String
        var relaxedExtJSON: String?
        var degenerateBSON: [UInt8]?
        var degenerateExtJSON: String?
        var lossy: Bool
    }

    struct DecodeError: Sendable {
        var description: String
        var bson: [UInt8]
    }

    struct ParseError: Sendable {
        var description: String
        var string: String
    }

    let name: String
    let valid: [Valid]
    let decodeErrors: [DecodeError]
    let parseErrors: [ParseError]
    let testKey: String?
    let bsonType: String

    var description: String { name }

    /// The corpus folder: `$SPEAKAI_SHARED/data/bson-corpus`, else `../shared` beside the checkout.
    static var folder: URL {
        if let shared = ProcessInfo.processInfo.environment["SPEAKAI_SHARED"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("data/bson-corpus")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/data/bson-corpus")
    }

    static var allNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    init(named name: String) throws {
        self.name = name
        let data = try Data(contentsOf: CorpusFile.folder.appendingPathComponent(name))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        testKey = root["test_key"] as? String
        bsonType = root["bson_type"] as? String ?? ""
        valid = (root["valid"] as? [[String: Any]] ?? []).map { c in
            Valid(
                description: c["description"] as? String ?? "",
                canonicalBSON: hexBytes(c["canonical_bson"] as? String ?? ""),
                canonicalExtJSON: c["canonical_extjson"] as? String ?? "",
                relaxedExtJSON: c["relaxed_extjson"] as? String,
                degenerateBSON: (c["degenerate_bson"] as? String).map(hexBytes),
                degenerateExtJSON: c["degenerate_extjson"] as? String,
                lossy: c["lossy"] as? Bool ?? false)
        }
        decodeErrors = (root["decodeErrors"] as? [[String: Any]] ?? []).map { c in
            DecodeError(description: c["description"] as? String ?? "", bson: hexBytes(c["bson"] as? String ?? ""))
        }
        parseErrors = (root["parseErrors"] as? [[String: Any]] ?? []).map { c in
            ParseError(description: c["description"] as? String ?? "", string: c["string"] as? String ?? "")
        }
    }
}

func hexBytes(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    let chars = Array(text.utf8)
    var i = 0
    while i + 1 < chars.count {
        out.append(UInt8(String(decoding: chars[i...(i + 1)], as: UTF8.self), radix: 16) ?? 0)
        i += 2
    }
    return out
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02X", $0) }.joined()
}
