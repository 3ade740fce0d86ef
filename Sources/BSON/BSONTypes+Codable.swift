/// The small BSON types travel through non-BSON coders as their Extended JSON wrappers
/// (`{"$binary": …}`, `{"$timestamp": …}`, `{"$regularExpression": …}`).
protocol ExtendedJSONCodable: Codable {
    var bsonValue: BSONValue { get }
    init?(bsonValue: BSONValue)
}

extension ExtendedJSONCodable {
    public func encode(to encoder: any Encoder) throws { try bsonValue.encode(to: encoder) }

    public init(from decoder: any Decoder) throws {
        let value = try BSONValue(from: decoder)
        guard let typed = Self(bsonValue: value) else {
            throw DecodingError.typeMismatch(Self.self, .init(codingPath: decoder.codingPath, debugDescription: "found BSON \(value.type)"))
        }
        self = typed
    }
}

extension BSONBinary: ExtendedJSONCodable {
    var bsonValue: BSONValue { .binary(self) }
    init?(bsonValue: BSONValue) {
        guard case .binary(let b) = bsonValue else { return nil }
        self = b
    }
}

extension BSONTimestamp: ExtendedJSONCodable {
    var bsonValue: BSONValue { .timestamp(self) }
    init?(bsonValue: BSONValue) {
        guard case .timestamp(let t) = bsonValue else { return nil }
        self = t
    }
}

extension BSONRegex: ExtendedJSONCodable {
    var bsonValue: BSONValue { .regex(self) }
    init?(bsonValue: BSONValue) {
        guard case .regex(let r) = bsonValue else { return nil }
        self = r
    }
}
