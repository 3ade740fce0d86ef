/// The deprecated BSON DBPointer: a namespace and an ObjectId. Kept so that old data survives.
public struct BSONDBPointer: Sendable, Hashable {
    /// The namespace (`database.collection`, or just a collection).
    public var namespace: String
    /// The referenced document's id.
    public var id: ObjectId

    public init(namespace: String, id: ObjectId) {
        self.namespace = namespace
        self.id = id
    }
}
