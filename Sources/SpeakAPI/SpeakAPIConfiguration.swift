/// Everything the HTTP server needs to start, read from the environment by the CLI.
public struct SpeakAPIConfiguration: Sendable {
    /// The address to listen on (`127.0.0.1` by default; `0.0.0.0` to serve the local network).
    public var host: String
    /// The TCP port (9000 by default, what the Flutter client expects). 0 picks a free port.
    public var port: Int
    /// The embedded store's data file.
    public var dataFile: String

    public init(host: String = "127.0.0.1", port: Int = 9000, dataFile: String = "data/speakai.db") {
        self.host = host
        self.port = port
        self.dataFile = dataFile
    }
}
