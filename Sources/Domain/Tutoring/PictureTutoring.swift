import Foundation

/// A better version of a learner's picture description, and why it is better.
public struct PictureFeedback: Sendable, Equatable {
    public var betterVersion: String
    public var explanation: String

    public init(betterVersion: String, explanation: String) {
        self.betterVersion = betterVersion
        self.explanation = explanation
    }
}

/// Describes practice pictures and comments on a learner's description of one: the chat model,
/// or the offline rules (which cannot see pictures).
public protocol PictureTutoring: Sendable {
    /// A reference description of the picture, or `nil` when this tutor cannot see pictures.
    /// - Throws: the provider's error when it fails to describe the picture.
    func describe(picture: Data, contentType: String) async throws -> String?

    /// Feedback on `description`, compared with the picture's `reference` description.
    /// - Throws: the provider's error.
    func feedback(reference: String, description: String) async throws -> PictureFeedback
}
