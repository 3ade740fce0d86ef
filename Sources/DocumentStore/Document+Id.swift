import BSON

extension Document {
    /// The document itself when it has an `_id`, else a copy with a new ObjectId `_id` as its
    /// first field: what MongoDB's drivers do before an insert.
    public func ensuringId() -> Document {
        guard self["_id"] == nil else { return self }
        var out = Document(minimumCapacity: count + 1)
        out.append("_id", .objectId(ObjectId()))
        for (key, value) in self { out.append(key, value) }
        return out
    }
}
