import Foundation

/// Turns parsed JSON into BSON following Extended JSON v2 (canonical and relaxed input, plus the
/// legacy `$binary`/`$type`, `$regex`/`$options` and `$uuid` forms). An object that uses a type
/// wrapper key in any other shape is an error, never silently a plain document.
enum ExtendedJSONReader {
    static func document(_ members: [JSONMember]) throws -> Document {
        var document = Document()
        for member in members {
            guard !member.key.utf8.contains(0) else {
                throw invalid("key '\(member.key.replacingNULs)' contains a NUL byte")
            }
            document.append(member.key, try value(member.value))
        }
        return document
    }

    static func value(_ json: JSONValue) throws -> BSONValue {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(let text): return try number(text)
        case .array(let elements): return .array(try elements.map(value))
        case .object(let members):
            if let special = try typeWrapper(members) { return special }
            return .document(try document(members))
        }
    }

    static func invalid(_ message: String) -> BSONError {
        BSONError(.invalidExtendedJSON, "invalid Extended JSON: \(message)")
    }

    /// A plain JSON number: int32 when it is an integer that fits, then int64, else double.
    private static func number(_ text: String) throws -> BSONValue {
        let isInteger = !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        if isInteger {
            if let small = Int32(text) { return .int32(small) }
            if let large = Int64(text) { return .int64(large) }
        }
        guard let d = Double(text) else { throw invalid("number '\(text)' is out of range") }
        return .double(d)
    }

    static let wrapperKeys: Set<String> = [
        "$oid", "$symbol", "$numberInt", "$numberLong", "$numberDouble", "$numberDecimal", "$binary", "$uuid",
        "$code", "$timestamp", "$regularExpression", "$dbPointer", "$date", "$minKey", "$maxKey", "$undefined",
    ]

    // swiftlint:disable:next cyclomatic_complexity
    private static func typeWrapper(_ members: [JSONMember]) throws -> BSONValue? {
        guard let first = members.first, first.key.hasPrefix("$") else { return nil }
        if let legacyRegex = try legacyRegex(members) { return legacyRegex }
        guard let wrapper = members.first(where: { wrapperKeys.contains($0.key) }) else { return nil }
        let key = wrapper.key
        let body = wrapper.value
        if key == "$code" { return try code(members) }
        if key == "$binary", case .string = body { return try legacyBinary(members) }
        guard members.count == 1 else { throw invalid("\(key) takes no other fields") }
        switch key {
        case "$oid":
            return .objectId(try ObjectId(try string(body, key)))
        case "$symbol":
            return .symbol(try string(body, key))
        case "$numberInt":
            guard let v = strictInteger(try string(body, key), as: Int32.self) else { throw invalid("bad $numberInt") }
            return .int32(v)
        case "$numberLong":
            guard let v = strictInteger(try string(body, key), as: Int64.self) else { throw invalid("bad $numberLong") }
            return .int64(v)
        case "$numberDouble":
            return .double(try parseDouble(try string(body, key)))
        case "$numberDecimal":
            return .decimal128(try Decimal128(try string(body, key)))
        case "$binary":
            let fields = try exactFields(body, key, ["base64", "subType"])
            return .binary(try binary(base64: try string(fields[0], "base64"), subtype: try string(fields[1], "subType")))
        case "$uuid":
            return .binary(try uuid(try string(body, key)))
        case "$timestamp":
            let fields = try exactFields(body, key, ["t", "i"])
            return .timestamp(BSONTimestamp(seconds: try uint32(fields[0], "t"), increment: try uint32(fields[1], "i")))
        case "$regularExpression":
            let fields = try exactFields(body, key, ["pattern", "options"])
            return .regex(try regex(try string(fields[0], "pattern"), try string(fields[1], "options")))
        case "$dbPointer":
            let fields = try exactFields(body, key, ["$ref", "$id"])
            guard case .objectId(let id) = try value(fields[1]) else { throw invalid("$dbPointer.$id must be an $oid") }
            return .dbPointer(BSONDBPointer(namespace: try string(fields[0], "$ref"), id: id))
        case "$date":
            return .datetime(try date(body))
        case "$minKey", "$maxKey":
            guard case .number("1") = body else { throw invalid("\(key) must be 1") }
            return key == "$minKey" ? .minKey : .maxKey
        default:  // "$undefined"
            guard case .bool(true) = body else { throw invalid("$undefined must be true") }
            return .undefined
        }
    }

    private static func string(_ json: JSONValue, _ what: String) throws -> String {
        guard case .string(let s) = json else { throw invalid("\(what) must be a string") }
        return s
    }

    /// The values of an object that has exactly these members, in the order asked.
    private static func exactFields(_ json: JSONValue, _ what: String, _ names: [String]) throws -> [JSONValue] {
        guard case .object(let members) = json, members.count == names.count else {
            throw invalid("\(what) must be an object of \(names.joined(separator: ", "))")
        }
        return try names.map { name in
            guard let m = members.first(where: { $0.key == name }) else { throw invalid("\(what) lacks \(name)") }
            return m.value
        }
    }

    private static func uint32(_ json: JSONValue, _ what: String) throws -> UInt32 {
        guard case .number(let text) = json, let v = UInt32(text) else { throw invalid("\(what) must be an unsigned 32-bit integer") }
        return v
    }

    private static func code(_ members: [JSONMember]) throws -> BSONValue {
        guard let code = members.first(where: { $0.key == "$code" }) else { throw invalid("missing $code") }
        let source = try string(code.value, "$code")
        if members.count == 1 { return .javascript(source) }
        guard members.count == 2, let scope = members.first(where: { $0.key == "$scope" }),
            case .object(let scopeMembers) = scope.value
        else { throw invalid("$code takes only a $scope document beside it") }
        return .javascriptWithScope(BSONCodeWithScope(code: source, scope: try document(scopeMembers)))
    }

    private static func legacyBinary(_ members: [JSONMember]) throws -> BSONValue {
        guard members.count == 2, let data = members.first(where: { $0.key == "$binary" }),
            let type = members.first(where: { $0.key == "$type" })
        else { throw invalid("legacy $binary needs exactly $binary and $type") }
        return .binary(try binary(base64: try string(data.value, "$binary"), subtype: try string(type.value, "$type")))
    }

    private static func legacyRegex(_ members: [JSONMember]) throws -> BSONValue? {
        guard members.count == 2, let pattern = members.first(where: { $0.key == "$regex" }),
            let options = members.first(where: { $0.key == "$options" }),
            case .string(let p) = pattern.value, case .string(let o) = options.value
        else { return nil }
        return .regex(try regex(p, o))
    }

    private static func regex(_ pattern: String, _ options: String) throws -> BSONRegex {
        guard !pattern.utf8.contains(0), !options.utf8.contains(0) else { throw invalid("NUL byte in a regular expression") }
        return BSONRegex(pattern: pattern, options: options)
    }

    private static func binary(base64: String, subtype: String) throws -> BSONBinary {
        guard (1...2).contains(subtype.utf8.count), let type = UInt8(subtype, radix: 16) else {
            throw invalid("binary subType '\(subtype)' is not one or two hex digits")
        }
        guard let data = Data(base64Encoded: base64) else { throw invalid("binary payload is not base64") }
        return BSONBinary(subtype: type, data: [UInt8](data))
    }

    private static func uuid(_ text: String) throws -> BSONBinary {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.utf8.count) == [8, 4, 4, 4, 12] else { throw invalid("'\(text)' is not a UUID") }
        var bytes: [UInt8] = []
        let hex = Array(groups.joined().utf8)
        for i in stride(from: 0, to: hex.count, by: 2) {
            guard let hi = hexValue(hex[i]), let lo = hexValue(hex[i + 1]) else { throw invalid("'\(text)' is not a UUID") }
            bytes.append(hi << 4 | lo)
        }
        return BSONBinary(subtype: BSONBinary.uuid, data: bytes)
    }

    private static func date(_ body: JSONValue) throws -> BSONDateTime {
        switch body {
        case .string(let text):
            guard let d = BSONDateTime(iso8601: text) else { throw invalid("'\(text)' is not an ISO-8601 date") }
            return d
        case .object(let members):
            guard members.count == 1, members[0].key == "$numberLong", case .string(let text) = members[0].value,
                let ms = strictInteger(text, as: Int64.self)
            else { throw invalid("$date must hold a $numberLong string") }
            return BSONDateTime(millisecondsSinceEpoch: ms)
        default:
            throw invalid("$date must be an ISO-8601 string or a $numberLong")
        }
    }

    /// Digits with an optional leading minus, nothing else.
    static func strictInteger<T: FixedWidthInteger>(_ text: String, as: T.Type) -> T? {
        let body = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
        guard !body.isEmpty, body.allSatisfy(isDigit) else { return nil }
        return T(text)
    }

    /// `Infinity`, `-Infinity`, `NaN`, or a decimal number (no hex, no `inf`).
    static func parseDouble(_ text: String) throws -> Double {
        switch text {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case "NaN": return .nan
        default: break
        }
        let allowed = text.utf8.allSatisfy { isDigit($0) || "+-.eE".utf8.contains($0) }
        guard allowed, text.utf8.contains(where: isDigit), let d = Double(text) else {
            throw invalid("'\(text)' is not a $numberDouble")
        }
        return d
    }
}

extension Document {
    /// Parses Extended JSON v2 text (canonical or relaxed) holding one object.
    /// - Throws: `BSONError` of kind `.invalidExtendedJSON` saying what and where.
    public init(extendedJSON text: String) throws {
        let json = try JSONValue(parsing: text)
        guard case .object(let members) = json else {
            throw ExtendedJSONReader.invalid("the top level must be an object")
        }
        self = try ExtendedJSONReader.document(members)
    }

    /// Parses Extended JSON v2 given as UTF-8 bytes.
    public init(extendedJSON bytes: [UInt8]) throws {
        let json = try JSONValue(parsing: bytes)
        guard case .object(let members) = json else {
            throw ExtendedJSONReader.invalid("the top level must be an object")
        }
        self = try ExtendedJSONReader.document(members)
    }
}

extension BSONValue {
    /// Converts a parsed JSON value to BSON with Extended JSON v2 rules.
    public init(extendedJSON json: JSONValue) throws {
        self = try ExtendedJSONReader.value(json)
    }
}
