/// What opening a data file did.
public struct OpenReport: Sendable, CustomStringConvertible {
    /// The data file.
    public var path: String
    /// Whether the file was created empty.
    public var created: Bool
    /// The conversion of a first-format file, when opening did one.
    public var upgrade: UpgradeReport?
    /// The conversion of a second-format file, when opening did one.
    public var conversion: RowIdUpgradeReport?

    public var description: String {
        var text = path
        if created { text += " (new file)" }
        if let upgrade { text += "; \(upgrade)" }
        if let conversion { text += "; \(conversion)" }
        return text
    }
}
