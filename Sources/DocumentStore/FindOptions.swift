import BSON

/// Options of `find`: sort, skip, limit and projection, applied in that order.
public struct FindOptions: Sendable {
    /// A sort document such as `["timestamp": 1]`.
    public var sort: Document?
    /// How many matching documents to pass over.
    public var skip: Int
    /// At most this many documents (`nil` for all).
    public var limit: Int?
    /// A projection document such as `["password": 0]`.
    public var projection: Document?
    /// How strings compare in the filter and the sort (`nil`: by bytes).
    public var collation: Collation?
    /// The command's `let` constants, which `$expr` reads as `$$name`.
    public var variables: Document

    public init(sort: Document? = nil, skip: Int = 0, limit: Int? = nil, projection: Document? = nil, collation: Collation? = nil,
                variables: Document = [:]) {
        self.sort = sort
        self.skip = skip
        self.limit = limit
        self.projection = projection
        self.collation = collation
        self.variables = variables
    }
}

/// Which image `findOneAndUpdate` returns.
public enum ReturnDocument: Sendable {
    case before
    case after
}

/// Options of `findOneAndUpdate`.
public struct FindOneAndUpdateOptions: Sendable {
    public var returnDocument: ReturnDocument
    public var upsert: Bool
    public var sort: Document?
    public var projection: Document?
    /// The filters of the update's `$[name]` path components.
    public var arrayFilters: [Document]
    /// How strings compare in the filter and the sort (`nil`: by bytes).
    public var collation: Collation?
    /// The command's `let` constants (`$$name` in `$expr` and pipelines).
    public var variables: Document

    public init(returnDocument: ReturnDocument = .before, upsert: Bool = false, sort: Document? = nil, projection: Document? = nil,
                arrayFilters: [Document] = [], collation: Collation? = nil, variables: Document = [:]) {
        self.returnDocument = returnDocument
        self.upsert = upsert
        self.sort = sort
        self.projection = projection
        self.arrayFilters = arrayFilters
        self.collation = collation
        self.variables = variables
    }
}

/// Options of `updateOne` and `updateMany`.
public struct UpdateOptions: Sendable {
    /// Insert a document built from the filter's equalities when nothing matches.
    public var upsert: Bool
    /// The filters of the update's `$[name]` path components (see `UpdateSpec`).
    public var arrayFilters: [Document]
    /// How strings compare in the filter (`nil`: by bytes).
    public var collation: Collation?
    /// The command's `let` constants (`$$name` in `$expr` and pipelines).
    public var variables: Document

    public init(upsert: Bool = false, arrayFilters: [Document] = [], collation: Collation? = nil, variables: Document = [:]) {
        self.upsert = upsert
        self.arrayFilters = arrayFilters
        self.collation = collation
        self.variables = variables
    }
}

/// Options of `deleteOne` and `deleteMany`.
public struct DeleteOptions: Sendable {
    /// How strings compare in the filter (`nil`: by bytes).
    public var collation: Collation?
    /// The command's `let` constants (`$$name` in `$expr`).
    public var variables: Document

    public init(collation: Collation? = nil, variables: Document = [:]) {
        self.collation = collation
        self.variables = variables
    }
}

/// What an update or replace did.
public struct UpdateResult: Sendable, Equatable {
    public var matchedCount: Int
    public var modifiedCount: Int
    /// The `_id` of the document an upsert inserted.
    public var upsertedId: BSONValue?

    public init(matchedCount: Int, modifiedCount: Int, upsertedId: BSONValue? = nil) {
        self.matchedCount = matchedCount
        self.modifiedCount = modifiedCount
        self.upsertedId = upsertedId
    }
}
