/// The deprecated BSON "JavaScript code with scope": code plus a document of variables.
public struct BSONCodeWithScope: Sendable, Hashable {
    /// The JavaScript source.
    public var code: String
    /// The variables in scope.
    public var scope: Document

    public init(code: String, scope: Document) {
        self.code = code
        self.scope = scope
    }
}
