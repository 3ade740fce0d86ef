import BSON
import CLibBSON
import CLibMongoC
import DocumentStore

/// Turns libmongoc's failures into `StoreError`s carrying the server's code, code name and
/// message, so that callers see the same errors from MongoDB as from the embedded store.
enum MongoFailure {
    /// The error of a failed call: the server's own words when the reply carries them (write
    /// errors first), else the libmongoc error.
    static func storeError(_ error: bson_error_t, reply: OpaquePointer? = nil) -> StoreError {
        if let reply, let document = try? Document(copyingLibBSON: reply), let fromReply = serverError(in: document) {
            return fromReply
        }
        let message = text(of: error)
        switch error.domain {
        case MONGOC_ERROR_SERVER.rawValue, MONGOC_ERROR_WRITE_CONCERN.rawValue, MONGOC_ERROR_QUERY.rawValue:
            let code = Int32(truncatingIfNeeded: error.code)
            return StoreError(code: code, codeName: codeName(of: code), message: message)
        case MONGOC_ERROR_STREAM.rawValue, MONGOC_ERROR_SERVER_SELECTION.rawValue, MONGOC_ERROR_POOL.rawValue,
             MONGOC_ERROR_PROTOCOL.rawValue:
            return StoreError(code: 6, codeName: "HostUnreachable", message: "MongoDB is unreachable: \(message)")
        case MONGOC_ERROR_BSON.rawValue, MONGOC_ERROR_COMMAND.rawValue:
            return .badValue(message)
        case MONGOC_ERROR_CLIENT.rawValue where error.code == MONGOC_ERROR_CLIENT_AUTHENTICATE.rawValue:
            return StoreError(code: 18, codeName: "AuthenticationFailed", message: "MongoDB refused the credentials: \(message)")
        default:
            return StoreError(code: 1, codeName: "InternalError", message: "libmongoc: \(message)")
        }
    }

    /// The first write error, or the command error, of a server reply.
    static func serverError(in reply: Document) -> StoreError? {
        if case .array(let writeErrors)? = reply["writeErrors"], case .document(let first)? = writeErrors.first {
            return error(from: first)
        }
        if case .document(let concern)? = reply["writeConcernError"] {
            return error(from: concern)
        }
        if reply["ok"]?.numberValue == 0 {
            return error(from: reply)
        }
        return nil
    }

    private static func error(from document: Document) -> StoreError? {
        guard let code = document["code"]?.integerValue else { return nil }
        let code32 = Int32(truncatingIfNeeded: code)
        let message = document["errmsg"]?.stringValue ?? ""
        let name = document["codeName"]?.stringValue ?? codeName(of: code32)
        return StoreError(
            code: code32, codeName: name, message: message, keyPattern: document["keyPattern"]?.documentValue, keyValue: document["keyValue"]?.documentValue)
    }

    /// The message of a libmongoc error.
    static func text(of error: bson_error_t) -> String {
        withUnsafeBytes(of: error.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// MongoDB's name for the codes a document store meets (write errors carry no names).
    static func codeName(of code: Int32) -> String {
        switch code {
        case 1: return "InternalError"
        case 2: return "BadValue"
        case 9: return "FailedToParse"
        case 11: return "UserNotFound"
        case 13: return "Unauthorized"
        case 14: return "TypeMismatch"
        case 18: return "AuthenticationFailed"
        case 26: return "NamespaceNotFound"
        case 27: return "IndexNotFound"
        case 28: return "PathNotViable"
        case 40: return "ConflictingUpdateOperators"
        case 50: return "MaxTimeMSExpired"
        case 52: return "DollarPrefixedFieldName"
        case 53: return "InvalidIdField"
        case 59: return "CommandNotFound"
        case 66: return "ImmutableField"
        case 72: return "InvalidOptions"
        case 73: return "InvalidNamespace"
        case 85: return "IndexOptionsConflict"
        case 86: return "IndexKeySpecsConflict"
        case 10334: return "BSONObjectTooLarge"
        case 11000: return "DuplicateKey"
        default: return "Location\(code)"
        }
    }
}
