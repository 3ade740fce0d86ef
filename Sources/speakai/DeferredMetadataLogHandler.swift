import Logging

/// swift-log's `StreamLogHandler` output (standard error), with the handler's metadata formatted
/// only when a message is logged. `StreamLogHandler` formats its metadata each time a key is
/// set, and the server sets the request id on every request's logger though most requests log
/// nothing: that formatting was 3.5% of the server's time on `GET /api/conversations/{id}`.
struct DeferredMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String, metadataProvider: Logger.MetadataProvider?) {
        stream = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
    }

    var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Logs through the stream handler with this handler's metadata under the message's own
    /// (which wins on a shared key, as in `StreamLogHandler`).
    func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty { event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit } }
        stream.log(event: event)
    }
}
