import Foundation

extension BSONValue: Codable {
    /// Through `BSONEncoder` the value is stored as itself. Through other encoders (JSON) it is
    /// written as relaxed Extended JSON: plain numbers, strings, arrays and objects, and
    /// `{"$oid": …}`-style wrappers for the rest.
    public func encode(to encoder: any Encoder) throws {
        let json = try JSONValue(parsing: extendedJSON(.relaxed))
        try json.encode(to: encoder)
    }

    /// Through `BSONDecoder` the value is taken as is; from other decoders it is read as Extended
    /// JSON, so `{"$oid": …}` becomes an ObjectId.
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            self = try BSONValue(extendedJSON: json)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)", underlyingError: error))
        }
    }
}

extension Document: Codable {
    public func encode(to encoder: any Encoder) throws { try BSONValue.document(self).encode(to: encoder) }

    public init(from decoder: any Decoder) throws {
        guard case .document(let d) = try BSONValue(from: decoder) else {
            throw DecodingError.typeMismatch(Document.self, .init(codingPath: decoder.codingPath, debugDescription: "expected an object"))
        }
        self = d
    }
}

extension ObjectId: Codable {
    /// Outside BSON an ObjectId is its 24-hex-digit string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do {
            self = try ObjectId(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(error)")
        }
    }
}

extension Decimal128: Codable {
    /// Outside BSON a decimal is its canonical string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do {
            self = try Decimal128(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(error)")
        }
    }
}

extension BSONDateTime: Codable {
    /// Outside BSON a date-time is a Foundation `Date` (the encoder's date strategy applies).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(date)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Date.self))
    }
}
