import Hummingbird

/// FastAPI's error body, `{"detail": "<text>"}`: the shape every client of the original knows.
public struct ErrorDetail: ResponseEncodable, Decodable, Sendable, Equatable {
    /// The sentence describing the error.
    public var detail: String

    public init(detail: String) {
        self.detail = detail
    }
}
