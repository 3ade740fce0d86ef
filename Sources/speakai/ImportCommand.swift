import ArgumentParser
import DocumentStore
import Foundation
import Transfer

/// `speakai import`: JSON lines, JSON arrays or `.bson` dumps into a data file, all or nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import mongoexport JSON lines, JSON arrays or mongodump .bson files; every file is checked before anything is written.")

    @Option(name: .long, help: "The data file (env SPEAKAI_DATA; MONGODB_URL, when set, is used instead).")
    var data: String = ProcessInfo.processInfo.environment["SPEAKAI_DATA"] ?? "data/speakai.db"

    @Option(name: .long, help: "The collection (default: each file's name without extension; only with one file).")
    var collection: String?

    @Flag(name: .long, help: "Replace each imported collection instead of refusing _ids already stored.")
    var drop = false

    @Argument(help: "Files, or folders whose .json and .bson files are imported.")
    var paths: [String]

    func validate() throws {
        if collection != nil && paths.count != 1 { throw ValidationError("--collection needs exactly one file") }
    }

    func run() async throws {
        var files: [ImportFile] = []
        do {
            for path in paths {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                    files += try ImportFile.readFolder(path)
                } else {
                    files.append(try ImportFile.read(path: path, collection: collection))
                }
            }
        } catch let error as TransferError {
            throw CommandFailure(description: "nothing imported: \(error)")
        }
        let counts = try await StoreLocation.configured(dataFile: data).withStore(failurePrefix: "nothing imported") { store in
            try await StoreTransfer.importFiles(files, into: store, drop: drop)
        }
        for (name, count) in counts { print("\(name): \(count) documents imported") }
    }
}
