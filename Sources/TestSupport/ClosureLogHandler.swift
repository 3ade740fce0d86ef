import Logging

/// A log handler that hands each message to a closure: for tests that check what was logged.
public struct ClosureLogHandler: LogHandler {
    public typealias Emit = @Sendable (_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) -> Void

    private let emit: Emit
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(_ emit: @escaping Emit) {
        self.emit = emit
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        emit(level, "\(message)", self.metadata.merging(metadata ?? [:]) { $1 })
    }
}
