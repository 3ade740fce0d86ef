extension JSONValue: Codable {
    /// Writes the value through any encoder (numbers as Int64 or Double, objects keyed in order).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let text):
            var c = encoder.singleValueContainer()
            if let i = Int64(text) { try c.encode(i) } else { try c.encode(Double(text) ?? .nan) }
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let elements):
            var c = encoder.unkeyedContainer()
            for e in elements { try c.encode(e) }
        case .object(let members):
            var c = encoder.container(keyedBy: BSONCodingKey.self)
            for m in members { try c.encode(m.value, forKey: BSONCodingKey(m.key)) }
        }
    }

    /// Reads any JSON-shaped value from any decoder (object member order follows the decoder).
    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.singleValueContainer() {
            if c.decodeNil() {
                self = .null
                return
            }
            if let b = try? c.decode(Bool.self) {
                self = .bool(b)
                return
            }
            if let i = try? c.decode(Int64.self) {
                self = .number(String(i))
                return
            }
            if let d = try? c.decode(Double.self) {
                self = .number(formatDouble(d))
                return
            }
            if let s = try? c.decode(String.self) {
                self = .string(s)
                return
            }
        }
        if var c = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !c.isAtEnd { elements.append(try c.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let c = try decoder.container(keyedBy: BSONCodingKey.self)
        self = .object(try c.allKeys.map { JSONMember($0.stringValue, try c.decode(JSONValue.self, forKey: $0)) })
    }
}
