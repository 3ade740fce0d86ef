import BSON
import NIOCore

/// A request of the MongoDB wire protocol, as far as this server reads it: `OP_MSG` (every
/// command of a modern driver) and the legacy `OP_QUERY` (the first handshake of older drivers).
public struct WireRequest: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `OP_MSG` (2013); `moreToCome` means the client wants no reply.
        case message(moreToCome: Bool)
        /// `OP_QUERY` (2004) on `fullCollectionName`.
        case query(fullCollectionName: String)
    }

    public var requestID: Int32
    public var kind: Kind
    /// The command: the `OP_MSG` body with any document sequences folded in as arrays, or the
    /// `OP_QUERY` document (unwrapped from `$query`).
    public var command: Document

    static let opReply: Int32 = 1
    static let opQuery: Int32 = 2004
    static let opMsg: Int32 = 2013

    /// Parses one whole message (its 16-byte header included).
    /// - Throws: `WireError` for anything malformed or unsupported.
    public init(frame: ByteBuffer) throws {
        var buffer = frame
        guard let _ = buffer.readInteger(endianness: .little, as: Int32.self),
            let requestID = buffer.readInteger(endianness: .little, as: Int32.self),
            let _ = buffer.readInteger(endianness: .little, as: Int32.self),
            let opCode = buffer.readInteger(endianness: .little, as: Int32.self)
        else { throw WireError.malformed("the message header is truncated") }
        self.requestID = requestID
        switch opCode {
        case Self.opMsg:
            guard let flags = buffer.readInteger(endianness: .little, as: UInt32.self) else { throw WireError.malformed("OP_MSG has no flags") }
            guard flags & ~UInt32(0b11 | 1 << 16) == 0 else { throw WireError.malformed("OP_MSG has unknown required flag bits \(flags)") }
            if flags & 1 != 0 {  // checksumPresent: the last 4 bytes are a CRC-32C we do not check
                guard buffer.readableBytes >= 4 else { throw WireError.malformed("OP_MSG checksum is missing") }
                buffer = buffer.getSlice(at: buffer.readerIndex, length: buffer.readableBytes - 4) ?? buffer
            }
            kind = .message(moreToCome: flags & 2 != 0)
            command = try Self.sections(&buffer)
        case Self.opQuery:
            guard let _ = buffer.readInteger(endianness: .little, as: Int32.self), let name = Self.cString(&buffer),
                let _ = buffer.readInteger(endianness: .little, as: Int32.self), let _ = buffer.readInteger(endianness: .little, as: Int32.self)
            else { throw WireError.malformed("OP_QUERY is truncated") }
            var query = try Self.document(&buffer)
            if let wrapped = query["$query"]?.documentValue ?? query["query"]?.documentValue, name.hasSuffix(".$cmd") { query = wrapped }
            kind = .query(fullCollectionName: name)
            command = query
        default:
            throw WireError.unsupportedOpCode(opCode)
        }
    }

    /// What can be answered of a message whose body cannot be read (bad BSON, nesting too deep):
    /// its id and kind, with an empty command; `nil` when not even that is readable, or for an
    /// opcode this server does not serve.
    public static func header(of frame: ByteBuffer) -> WireRequest? {
        var buffer = frame
        guard let _ = buffer.readInteger(endianness: .little, as: Int32.self),
            let requestID = buffer.readInteger(endianness: .little, as: Int32.self),
            let _ = buffer.readInteger(endianness: .little, as: Int32.self),
            let opCode = buffer.readInteger(endianness: .little, as: Int32.self)
        else { return nil }
        switch opCode {
        case opMsg:
            guard let flags = buffer.readInteger(endianness: .little, as: UInt32.self) else { return nil }
            return WireRequest(requestID: requestID, kind: .message(moreToCome: flags & 2 != 0), command: Document())
        case opQuery:
            guard let _ = buffer.readInteger(endianness: .little, as: Int32.self), let name = cString(&buffer) else { return nil }
            return WireRequest(requestID: requestID, kind: .query(fullCollectionName: name), command: Document())
        default:
            return nil
        }
    }

    private init(requestID: Int32, kind: Kind, command: Document) {
        self.requestID = requestID
        self.kind = kind
        self.command = command
    }

    private static func sections(_ buffer: inout ByteBuffer) throws -> Document {
        var body: Document?
        var sequences: [(String, [BSONValue])] = []
        while buffer.readableBytes > 0 {
            guard let kind = buffer.readInteger(as: UInt8.self) else { break }
            switch kind {
            case 0:
                guard body == nil else { throw WireError.malformed("OP_MSG has two body sections") }
                body = try document(&buffer)
            case 1:
                guard let size = buffer.readInteger(endianness: .little, as: Int32.self), size >= 5, var section = buffer.readSlice(length: Int(size) - 4),
                    let identifier = cString(&section)
                else { throw WireError.malformed("OP_MSG document sequence is truncated") }
                var documents: [BSONValue] = []
                while section.readableBytes > 0 { documents.append(.document(try document(&section))) }
                sequences.append((identifier, documents))
            default:
                throw WireError.malformed("OP_MSG section kind \(kind) is unknown")
            }
        }
        guard var command = body else { throw WireError.malformed("OP_MSG has no body section") }
        for (identifier, documents) in sequences { command[identifier] = .array(documents) }
        return command
    }

    static func cString(_ buffer: inout ByteBuffer) -> String? {
        guard let end = buffer.readableBytesView.firstIndex(of: 0) else { return nil }
        let string = buffer.readString(length: end - buffer.readerIndex)
        buffer.moveReaderIndex(forwardBy: 1)
        return string
    }

    static func document(_ buffer: inout ByteBuffer) throws -> Document {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: Int32.self), length >= 5,
            let bytes = buffer.readSlice(length: Int(length))
        else { throw WireError.malformed("a BSON document is truncated") }
        do {
            return try bytes.withUnsafeReadableBytes { try Document(bsonBytes: $0) }
        } catch let error as BSONError {
            throw WireError.malformed("invalid BSON: \(error.message)")
        }
    }
}

/// Replies, written in the format of the request they answer.
public enum WireReply {
    /// An `OP_MSG` reply (or an `OP_REPLY` to an `OP_QUERY`) carrying `document`.
    public static func encode(_ document: Document, answering request: WireRequest, requestID: Int32, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let bytes = try document.bsonBytes()
        var buffer = allocator.buffer(capacity: bytes.count + 36)
        buffer.writeInteger(Int32(0), endianness: .little)  // length, set below
        buffer.writeInteger(requestID, endianness: .little)
        buffer.writeInteger(request.requestID, endianness: .little)
        switch request.kind {
        case .message:
            buffer.writeInteger(WireRequest.opMsg, endianness: .little)
            buffer.writeInteger(UInt32(0), endianness: .little)
            buffer.writeInteger(UInt8(0))
        case .query:
            buffer.writeInteger(WireRequest.opReply, endianness: .little)
            buffer.writeInteger(Int32(document["ok"]?.numberValue == 0 ? 2 : 0), endianness: .little)  // QueryFailure bit on errors
            buffer.writeInteger(Int64(0), endianness: .little)
            buffer.writeInteger(Int32(0), endianness: .little)
            buffer.writeInteger(Int32(1), endianness: .little)
        }
        buffer.writeBytes(bytes)
        buffer.setInteger(Int32(buffer.readableBytes), at: buffer.readerIndex, endianness: .little)
        return buffer
    }
}

/// A message this server cannot read.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case unsupportedOpCode(Int32)
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed message: \(why)"
        case .unsupportedOpCode(let code): return "unsupported opCode \(code) (only OP_MSG and OP_QUERY are served)"
        case .tooLarge(let size): return "message of \(size) bytes is over the 48,000,000-byte limit"
        }
    }
}
