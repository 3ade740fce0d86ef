import Foundation

/// An uploaded recording and what was heard in it.
public struct AudioClip: Sendable, Equatable {
    public var id: AudioID
    public var userID: UserID
    /// The name the client gave the upload.
    public var filename: String
    /// Where the recording is kept, relative to the data directory.
    public var filePath: String
    public var durationSeconds: Double?
    public var transcription: String
    public var language: String
    public var createdAt: Date

    public init(
        id: AudioID = .generate(), userID: UserID, filename: String, filePath: String, durationSeconds: Double?,
        transcription: String, language: String = "en-US", createdAt: Date
    ) {
        self.id = id
        self.userID = userID
        self.filename = filename
        self.filePath = filePath
        self.durationSeconds = durationSeconds
        self.transcription = transcription
        self.language = language
        self.createdAt = createdAt
    }
}

/// An audio clip's id.
public typealias AudioID = TypedID<AudioClip>
