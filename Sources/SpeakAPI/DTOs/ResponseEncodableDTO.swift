import Hummingbird

/// A response body: encoded by the context's `OrderedJSONResponseEncoder`.
protocol ResponseEncodableDTO: ResponseEncodable, Sendable {}
