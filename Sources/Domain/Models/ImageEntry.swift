/// A practice picture and its reference description.
public struct ImageEntry: Sendable, Equatable {
    /// A unique four-digit string, as the original used.
    public var id: String
    /// The file's name inside the images folder.
    public var file: String
    /// The reference description the learner's is compared with.
    public var description: String

    public init(id: String, file: String, description: String) {
        self.id = id
        self.file = file
        self.description = description
    }

    /// The `name` the client shows: `/uploads/images/<file>`.
    public var name: String { "/uploads/images/\(file)" }
}
