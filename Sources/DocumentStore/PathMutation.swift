import BSON

/// Writes and removes values at exact dotted paths (no array expansion), creating missing
/// documents on the way as MongoDB's update operators do; numeric components index arrays
/// (padding with nulls).
enum PathMutation {
    /// The most nulls an update may add to reach an array index (MongoDB's limit).
    static let maximumPadding = 1_500_000

    /// Sets the value at `path`, creating intermediate documents.
    /// - Throws: `StoreError.pathNotViable` when a step runs into a scalar, or a non-numeric
    ///   component meets an array.
    static func set(_ value: BSONValue, at path: FieldPath, in document: inout Document) throws {
        var root = BSONValue.document(document)
        document = Document()
        try set(value, path.components[...], in: &root, walked: [])
        if case .document(let d) = root { document = d }
    }

    private static func set(_ value: BSONValue, _ path: ArraySlice<String>, in container: inout BSONValue, walked: [String]) throws {
        guard let key = path.first else {
            container = value
            return
        }
        let rest = path.dropFirst()
        switch container {
        case .document(var d):
            container = .null
            if rest.isEmpty {
                d[key] = value
            } else {
                var child = d[key] ?? .document(Document())
                d[key] = .null
                try stepAllowed(child, next: rest.first ?? "", at: walked + [key])
                try set(value, rest, in: &child, walked: walked + [key])
                d[key] = child
            }
            container = .document(d)
        case .array(var a):
            guard let index = arrayIndex(key) else {
                throw StoreError.pathNotViable("Cannot create field '\(key)' in element {\(walked.last ?? ""): \(container.extendedJSON())}")
            }
            // MongoDB's bound: an update never pads an array by more than 1,500,000 nulls.
            guard index < a.count || index - a.count < PathMutation.maximumPadding else {
                throw StoreError.badValue("can't backfill more than \(PathMutation.maximumPadding) elements")
            }
            container = .null
            while a.count <= index { a.append(.null) }
            if rest.isEmpty {
                a[index] = value
            } else {
                var child = a[index]
                if child.isNull { child = .document(Document()) }
                a[index] = .null
                try stepAllowed(child, next: rest.first ?? "", at: walked + [key])
                try set(value, rest, in: &child, walked: walked + [key])
                a[index] = child
            }
            container = .array(a)
        default:
            throw StoreError.pathNotViable("Cannot create field '\(key)' in element {\(walked.last ?? ""): \(container.extendedJSON())}")
        }
    }

    private static func stepAllowed(_ child: BSONValue, next: String, at walked: [String]) throws {
        switch child {
        case .document: return
        case .array: return
        default:
            throw StoreError.pathNotViable("Cannot create field '\(next)' in element {\(walked.last ?? ""): \(child.extendedJSON())}")
        }
    }

    /// Removes the value at `path` (an array element becomes null, as `$unset` does); a missing
    /// path is left alone. Returns whether anything changed.
    @discardableResult
    static func unset(_ path: FieldPath, in document: inout Document) -> Bool {
        var root = BSONValue.document(document)
        document = Document()
        let changed = unset(path.components[...], in: &root)
        if case .document(let d) = root { document = d }
        return changed
    }

    private static func unset(_ path: ArraySlice<String>, in container: inout BSONValue) -> Bool {
        guard let key = path.first else { return false }
        let rest = path.dropFirst()
        switch container {
        case .document(var d):
            guard let index = d.index(forKey: key) else { return false }
            container = .null
            defer { container = .document(d) }
            if rest.isEmpty {
                d.remove(at: index)
                return true
            }
            var child = d.field(at: index).value
            d.setValue(.null, at: index)
            let changed = unset(rest, in: &child)
            d.setValue(child, at: index)
            return changed
        case .array(var a):
            guard let index = arrayIndex(key), index < a.count else { return false }
            container = .null
            defer { container = .array(a) }
            if rest.isEmpty {
                let changed = !a[index].isNull
                a[index] = .null
                return changed
            }
            var child = a[index]
            a[index] = .null
            let changed = unset(rest, in: &child)
            a[index] = child
            return changed
        default:
            return false
        }
    }
}
