/// A command that could not do its work, with a message for the person who ran it (printed as
/// `Error: …`, exit status 1, without the usage text).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}
