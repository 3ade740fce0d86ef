/// A short name for a prepared statement: a table and which of the caller's statement shapes.
public struct StatementKey: Hashable, Sendable {
    public let table: String
    public let shape: Int

    public init(table: String, shape: Int) {
        self.table = table
        self.shape = shape
    }
}
