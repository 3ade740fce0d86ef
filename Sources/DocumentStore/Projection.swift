import BSON

/// A projection (`{"content": 1}` or `{"password": 0}`) compiled for shaping results. `_id` is
/// kept unless excluded; inclusion and exclusion cannot be mixed (except for `_id`).
public struct Projection: Sendable {
    private let paths: [FieldPath]
    private let inclusive: Bool
    private let includeId: Bool

    /// Compiles a projection document.
    /// - Throws: `StoreError` for mixed inclusion/exclusion or operators it does not support.
    public init(_ spec: Document) throws {
        var include: [FieldPath] = []
        var exclude: [FieldPath] = []
        var includeId = true
        for (key, value) in spec {
            if case .document = value { throw StoreError.badValue("projection operators are not supported: \(key)") }
            let on = QueryFilter.truthy(value)
            if key == "_id" {
                includeId = on
                continue
            }
            let path = try FieldPath(key)
            if on { include.append(path) } else { exclude.append(path) }
        }
        if !include.isEmpty, let first = exclude.first {
            throw StoreError(code: 31254, codeName: "Location31254", message: "Cannot do exclusion on field \(first) in inclusion projection")
        }
        inclusive = !include.isEmpty || (exclude.isEmpty && includeId && spec["_id"] != nil)
        paths = inclusive ? include : exclude
        self.includeId = includeId
    }

    /// The projected document.
    public func apply(to document: Document) -> Document {
        if inclusive {
            var out = Document()
            if includeId, let id = document["_id"] { out.append("_id", id) }
            for (key, value) in document where key != "_id" {
                let matching = paths.filter { $0.components[0] == key }
                guard !matching.isEmpty else { continue }
                if matching.contains(where: { $0.components.count == 1 }) {
                    out.append(key, value)
                } else if let kept = Projection.include(value, matching.map { FieldPath(components: Array($0.components.dropFirst())) }) {
                    out.append(key, kept)
                }
            }
            return out
        }
        var out = document
        if !includeId { out.removeValue(forKey: "_id") }
        for path in paths { Projection.exclude(path.components[...], from: &out) }
        return out
    }

    private static func include(_ value: BSONValue, _ paths: [FieldPath]) -> BSONValue? {
        switch value {
        case .document(let d):
            return .document(Projection(paths: paths).apply(to: d))
        case .array(let elements):
            return .array(elements.compactMap { e in
                if case .document = e { return include(e, paths) }
                return nil
            })
        default:
            return nil
        }
    }

    private init(paths: [FieldPath]) {
        self.paths = paths
        inclusive = true
        includeId = false
    }

    private static func exclude(_ path: ArraySlice<String>, from document: inout Document) {
        guard let key = path.first, let index = document.index(forKey: key) else { return }
        let rest = path.dropFirst()
        if rest.isEmpty {
            document.remove(at: index)
            return
        }
        switch document.field(at: index).value {
        case .document(var child):
            exclude(rest, from: &child)
            document.setValue(.document(child), at: index)
        case .array(let elements):
            document.setValue(.array(elements.map { e in
                guard case .document(var child) = e else { return e }
                exclude(rest, from: &child)
                return .document(child)
            }), at: index)
        default:
            return
        }
    }
}
