/// A setting the server refuses to start with, naming the variable and what it accepts.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The environment variable at fault.
    public let variable: String
    public let description: String

    public init(_ variable: String, _ description: String) {
        self.variable = variable
        self.description = description
    }
}
