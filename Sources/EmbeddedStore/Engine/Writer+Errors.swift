import DocumentStore
import SQLite

extension Writer {
    /// Whether a write failed for the storage's sake (not its own): an I/O error, a full disk.
    static func isStorageFailure(_ error: any Error) -> Bool {
        (error as? StoreError)?.isStorageFailure ?? true
    }

    /// Errors as the store reports them: SQLite's own become storage failures, a full disk
    /// MongoDB's OutOfDiskSpace; `context` goes before SQLite's message.
    static func storeError(_ error: any Error, _ context: String = "") -> any Error {
        if error is StoreError { return error }
        if let error = error as? SQLiteError, error.isDiskFull { return StoreError.outOfDiskSpace("\(context)\(error)") }
        return StoreError.storageFailure("\(context)\(error)")
    }
}
