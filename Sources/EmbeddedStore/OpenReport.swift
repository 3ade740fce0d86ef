/// What opening a data file found: how much was replayed, and any torn tail that was cut off.
public struct OpenReport: Sendable, CustomStringConvertible {
    /// The data file.
    public var path: String
    /// Whether the file was created empty.
    public var created: Bool
    /// Records replayed.
    public var records: Int
    /// Bytes of the file after opening.
    public var bytes: Int
    /// Bytes of an interrupted write that were cut off the end (0 when the file was whole).
    public var truncatedBytes: Int
    /// Why the cut-off bytes were not a record.
    public var truncationReason: String?

    public var description: String {
        var text = "\(path): \(records) records, \(bytes) bytes"
        if created { text += " (new file)" }
        if truncatedBytes > 0 { text += "; cut off a torn tail of \(truncatedBytes) bytes (\(truncationReason ?? "damaged"))" }
        return text
    }
}
