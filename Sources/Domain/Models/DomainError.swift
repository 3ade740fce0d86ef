import BSON

/// Failures of the domain layer that callers map to answers (a taken e-mail is a 400, a stored
/// document that cannot be read is our own 500).
public enum DomainError: Error, Sendable, Equatable {
    /// Registration with an e-mail address another account uses.
    case emailTaken
    /// A stored document lacks fields the model needs.
    case corruptDocument(collection: String, id: BSONValue?)
}
