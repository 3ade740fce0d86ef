import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `speakai`: the Speak AI server and its tools. `serve` is the default subcommand.
@main
struct SpeakAI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speakai",
        abstract: "The Speak AI API server (a drop-in replacement for the original FastAPI service) and its tools.",
        version: "0.1.0",
        subcommands: [ServeCommand.self, ExportCommand.self, ImportCommand.self, SeedCommand.self, MigrateCommand.self, VerifyCommand.self, CompactCommand.self, BackupCommand.self, OpenAPICommand.self],
        defaultSubcommand: ServeCommand.self)

    /// Runs the command with `SIGXFSZ` ignored: under a file-size limit (`ulimit -f`) a write
    /// past it then fails with `EFBIG`, which the store refuses and reports like a full disk,
    /// instead of the signal killing the server.
    static func main() async {
        signal(SIGXFSZ, SIG_IGN)
        await main(nil)
    }
}
