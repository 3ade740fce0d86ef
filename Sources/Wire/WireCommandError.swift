/// A command refused with MongoDB's code and code name.
struct WireCommandError: Error {
    var code: Int32
    var codeName: String
    var message: String

    static func commandNotFound(_ name: String) -> WireCommandError {
        WireCommandError(code: 59, codeName: "CommandNotFound", message: "no such command: '\(name)'")
    }

    static func badValue(_ message: String) -> WireCommandError { WireCommandError(code: 2, codeName: "BadValue", message: message) }

    static func typeMismatch(_ message: String) -> WireCommandError { WireCommandError(code: 14, codeName: "TypeMismatch", message: message) }

    static func cursorNotFound(_ id: Int64) -> WireCommandError { WireCommandError(code: 43, codeName: "CursorNotFound", message: "cursor id \(id) not found") }

    static func invalidNamespace(_ message: String) -> WireCommandError { WireCommandError(code: 73, codeName: "InvalidNamespace", message: message) }

    static func notImplemented(_ what: String) -> WireCommandError {
        WireCommandError(code: 238, codeName: "NotImplemented", message: "\(what) is not supported by this server")
    }
}
