import BSON

/// A dotted field path (`"user.address.city"`, `"items.0.price"`) split into its components.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The components, in order; never empty, none empty.
    public let components: [String]

    /// Splits a dotted path.
    /// - Throws: `StoreError.badValue` for an empty path or an empty component (`"a..b"`).
    public init(_ dotted: String) throws {
        // Most paths name one top-level field: no splitting, one allocation.
        if !dotted.isEmpty, !dotted.utf8.contains(UInt8(ascii: ".")) {
            components = [dotted]
            return
        }
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !dotted.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw StoreError.badValue("FieldPath field names may not be empty strings: '\(dotted)'")
        }
        components = parts
    }

    init(components: [String]) { self.components = components }

    /// The path `_id`.
    public static let id = FieldPath(components: ["_id"])

    /// The dotted form.
    public var description: String { components.joined(separator: ".") }

    /// Whether this path is a prefix of (or equal to) another, component by component.
    public func isPrefix(of other: FieldPath) -> Bool {
        components.count <= other.components.count && zip(components, other.components).allSatisfy(==)
    }

    /// The candidate values at this path for query matching, MongoDB style: through arrays of
    /// documents every element is visited, a numeric component also indexes into an array, and
    /// `nil` marks a place where the path is missing.
    public func matchCandidates(in document: Document) -> [BSONValue?] {
        var out: [BSONValue?] = []
        collect(components[...], in: .document(document), into: &out)
        return out
    }

    private func collect(_ path: ArraySlice<String>, in value: BSONValue, into out: inout [BSONValue?]) {
        guard let first = path.first else {
            out.append(value)
            return
        }
        let rest = path.dropFirst()
        switch value {
        case .document(let d):
            if let next = d[first] { collect(rest, in: next, into: &out) } else { out.append(nil) }
        case .array(let elements):
            var found = false
            if let index = arrayIndex(first), index < elements.count {
                collect(rest, in: elements[index], into: &out)
                found = true
            }
            for element in elements {
                if case .document = element {
                    collect(path, in: element, into: &out)
                    found = true
                }
            }
            if !found { out.append(nil) }
        default:
            out.append(nil)
        }
    }

    /// The candidates without allocating in the common case: when no array lies on the way,
    /// there is exactly one candidate.
    public func candidates(in document: Document) -> Candidates {
        var current = BSONValue.document(document)
        for (i, component) in components.enumerated() {
            switch current {
            case .document(let d):
                guard let next = d[component] else { return .one(nil) }
                current = next
            case .array:
                guard i > 0 else { return .one(nil) }
                return .many(matchCandidates(in: document))
            default:
                return .one(nil)
            }
        }
        return .one(current)
    }

    /// The one value at this path with no array expansion (numeric components index arrays).
    public func value(in document: Document) -> BSONValue? {
        var current = BSONValue.document(document)
        for component in components {
            switch current {
            case .document(let d):
                guard let next = d[component] else { return nil }
                current = next
            case .array(let a):
                guard let i = arrayIndex(component), i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}

/// A path component as an array index: plain decimal digits, no sign, no leading zeros.
func arrayIndex(_ component: String) -> Int? {
    let utf8 = component.utf8
    guard let first = utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"),
        utf8.count == 1 || first != UInt8(ascii: "0"), utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return nil }
    return Int(component)
}

/// The values a path reaches in one document: usually one (no allocation), several when the
/// path passes through arrays.
public enum Candidates {
    case one(BSONValue?)
    case many([BSONValue?])

    /// Whether any candidate satisfies `body`.
    @inline(__always)
    public func contains(where body: (BSONValue?) throws -> Bool) rethrows -> Bool {
        switch self {
        case .one(let value): return try body(value)
        case .many(let values): return try values.contains(where: body)
        }
    }
}
