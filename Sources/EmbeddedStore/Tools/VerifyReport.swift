/// What `speakai verify` found in a data file.
public struct VerifyReport: Sendable {
    /// One collection's contents.
    public struct CollectionSummary: Sendable {
        public var name: String
        public var documents: Int
        public var indexes: [String]
    }

    public var path: String
    public var bytes: Int
    /// The file's format: 2 (SQLite pages) or 1 (the first format, upgraded when next opened).
    public var formatVersion: Int
    public var collections: [CollectionSummary]
    /// Index entries checked against their documents.
    public var indexEntries: Int
    /// Everything wrong, each naming where (empty when healthy).
    public var problems: [String]
    /// First format only: bytes of a torn tail (an interrupted write) the upgrade leaves out.
    public var tornTailBytes: Int
    /// Documents with ObjectIds in rows given in sequence (stored before rows were made from
    /// ObjectIds): found through the `_id` index until `speakai compact` moves them.
    public var documentsInSequentialRows = 0

    /// Whether the file opens with nothing lost.
    public var isHealthy: Bool { problems.isEmpty }
}
