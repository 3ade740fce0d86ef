import BSON

/// A failed store operation, with MongoDB's numeric code and code name so that the wire protocol
/// and drivers see the errors they know (11000 DuplicateKey, 2 BadValue, …).
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// MongoDB's error code.
    public let code: Int32
    /// MongoDB's code name.
    public let codeName: String
    /// The sentence, in MongoDB's wording where there is one.
    public let message: String
    /// For a duplicate key: the index's key pattern (`{email: 1}`) and the refused values
    /// (`{email: "a@b.c"}`), as mongod reports them beside 11000.
    public let keyPattern: Document?
    public let keyValue: Document?

    public init(code: Int32, codeName: String, message: String, keyPattern: Document? = nil, keyValue: Document? = nil) {
        self.code = code
        self.codeName = codeName
        self.message = message
        self.keyPattern = keyPattern
        self.keyValue = keyValue
    }

    public var description: String { "\(codeName) (\(code)): \(message)" }

    public static func badValue(_ message: String) -> StoreError { StoreError(code: 2, codeName: "BadValue", message: message) }
    public static func failedToParse(_ message: String) -> StoreError { StoreError(code: 9, codeName: "FailedToParse", message: message) }
    public static func typeMismatch(_ message: String) -> StoreError { StoreError(code: 14, codeName: "TypeMismatch", message: message) }
    public static func namespaceNotFound(_ message: String) -> StoreError { StoreError(code: 26, codeName: "NamespaceNotFound", message: message) }
    public static func indexNotFound(_ message: String) -> StoreError { StoreError(code: 27, codeName: "IndexNotFound", message: message) }
    public static func pathNotViable(_ message: String) -> StoreError { StoreError(code: 28, codeName: "PathNotViable", message: message) }
    public static func conflictingUpdateOperators(_ message: String) -> StoreError {
        StoreError(code: 40, codeName: "ConflictingUpdateOperators", message: message)
    }
    public static func immutableField(_ message: String) -> StoreError { StoreError(code: 66, codeName: "ImmutableField", message: message) }
    public static func invalidOptions(_ message: String) -> StoreError { StoreError(code: 72, codeName: "InvalidOptions", message: message) }
    public static func indexOptionsConflict(_ message: String) -> StoreError { StoreError(code: 85, codeName: "IndexOptionsConflict", message: message) }
    public static func documentTooLarge(_ message: String) -> StoreError { StoreError(code: 10334, codeName: "BSONObjectTooLarge", message: message) }
    public static func duplicateKey(_ message: String, keyPattern: Document? = nil, keyValue: Document? = nil) -> StoreError {
        StoreError(code: 11000, codeName: "DuplicateKey", message: message, keyPattern: keyPattern, keyValue: keyValue)
    }
    /// The store itself failed (I/O error, closed, poisoned after a failed sync).
    public static func queryPlanKilled(_ message: String) -> StoreError { StoreError(code: 175, codeName: "QueryPlanKilled", message: message) }
    public static func storageFailure(_ message: String) -> StoreError { StoreError(code: 8, codeName: "UnknownError", message: message) }
    /// The disk is full: the write was not made (MongoDB's code for it).
    public static func outOfDiskSpace(_ message: String) -> StoreError { StoreError(code: 14031, codeName: "OutOfDiskSpace", message: message) }

    /// Whether the store failed (`storageFailure`, `outOfDiskSpace`), not the request.
    public var isStorageFailure: Bool { code == 8 || code == 14031 }
}
