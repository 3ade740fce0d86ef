import Foundation

/// Where the checkout and the shared contract folder are, for tests that read fixtures or start
/// the offline engines.
public enum ProjectFolder {
    /// The checkout (the folder holding Package.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$SPEAKAI_SHARED`, else `../shared` beside the checkout.
    public static var shared: URL {
        if let shared = ProcessInfo.processInfo.environment["SPEAKAI_SHARED"] { return URL(fileURLWithPath: shared) }
        return root.deletingLastPathComponent().appendingPathComponent("shared")
    }
}
