extension Document {
    /// The value at a dotted path such as `"user.address.city"` or `"messages.0.content"`:
    /// each component names a field of an embedded document, or an index into an array.
    /// `nil` when any step is missing. (MongoDB's query semantics over arrays — matching
    /// through every element — belong to the DocumentStore layer.)
    public subscript(path path: String) -> BSONValue? {
        var current: BSONValue = .document(self)
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case .document(let d):
                guard let next = d[String(component)] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(component), i >= 0, i < a.count, component.allSatisfy(\.isASCII) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}
