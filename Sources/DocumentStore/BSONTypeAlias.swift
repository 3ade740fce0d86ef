import BSON

/// The names and numbers `$type` accepts, MongoDB's aliases included (`"number"` matches any
/// numeric type).
enum BSONTypeAlias {
    static let names: [String: [BSONType]] = [
        "double": [.double], "string": [.string], "object": [.document], "array": [.array], "binData": [.binary],
        "undefined": [.undefined], "objectId": [.objectId], "bool": [.bool], "date": [.datetime], "null": [.null],
        "regex": [.regex], "dbPointer": [.dbPointer], "javascript": [.javascript], "symbol": [.symbol],
        "javascriptWithScope": [.javascriptWithScope], "int": [.int32], "timestamp": [.timestamp], "long": [.int64],
        "decimal": [.decimal128], "minKey": [.minKey], "maxKey": [.maxKey],
        "number": [.int32, .int64, .double, .decimal128],
    ]

    /// The types one `$type` operand names.
    static func types(_ operand: BSONValue) throws -> [BSONType] {
        if case .string(let name) = operand {
            guard let types = names[name] else { throw StoreError.badValue("Unknown type name alias: \(name)") }
            return types
        }
        guard let code = operand.exactInt64 else { throw StoreError.badValue("type must be represented as a number or a string") }
        if code == -1 { return [.minKey] }
        if code == 127 { return [.maxKey] }
        guard let byte = UInt8(exactly: code), let type = BSONType(rawValue: byte) else {
            throw StoreError.badValue("Invalid numerical type code: \(code)")
        }
        return [type]
    }
}
