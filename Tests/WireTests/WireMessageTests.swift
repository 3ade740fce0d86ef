import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import NIOCore
import TestSupport
import Testing
@testable import Wire

/// Wire messages byte by byte, and the command handler over the real store.
@Suite struct WireMessageTests {
    static func frame(opCode: Int32, requestID: Int32 = 7, _ body: (inout ByteBuffer) throws -> Void) rethrows -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 256)
        buffer.writeInteger(Int32(0), endianness: .little)
        buffer.writeInteger(requestID, endianness: .little)
        buffer.writeInteger(Int32(0), endianness: .little)
        buffer.writeInteger(opCode, endianness: .little)
        try body(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes), at: 0, endianness: .little)
        return buffer
    }

    @Test func opMsgWithADocumentSequenceFoldsItIntoTheCommand() throws {
        // Given an OP_MSG with a body and a `documents` sequence, as drivers send insert_many
        let frame = try Self.frame(opCode: 2013) { b in
            b.writeInteger(UInt32(0), endianness: .little)
            b.writeInteger(UInt8(0))
            b.writeBytes(try (["insert": "things", "$db": "test"] as Document).bsonBytes())
            let docs = try [["_id": 1] as Document, ["_id": 2]].flatMap { try $0.bsonBytes() }
            var section = ByteBufferAllocator().buffer(capacity: 64)
            section.writeString("documents")
            section.writeInteger(UInt8(0))
            section.writeBytes(docs)
            b.writeInteger(UInt8(1))
            b.writeInteger(Int32(section.readableBytes + 4), endianness: .little)
            b.writeBuffer(&section)
        }
        // When it is read, then the sequence is an array member of the command
        let request = try WireRequest(frame: frame)
        #expect(request.kind == .message(moreToCome: false) && request.requestID == 7)
        #expect(request.command == ["insert": "things", "$db": "test", "documents": [["_id": 1], ["_id": 2]]])
    }

    @Test func legacyOpQueryHandshakeGetsAnOpReply() throws {
        // Given the legacy isMaster an old driver sends first
        let frame = try Self.frame(opCode: 2004, requestID: 42) { b in
            b.writeInteger(Int32(0), endianness: .little)
            b.writeString("admin.$cmd")
            b.writeInteger(UInt8(0))
            b.writeInteger(Int32(0), endianness: .little)
            b.writeInteger(Int32(-1), endianness: .little)
            b.writeBytes(try (["$query": ["isMaster": 1]] as Document).bsonBytes())
        }
        let request = try WireRequest(frame: frame)
        #expect(request.command == ["isMaster": 1])
        // When it is answered, then the reply is an OP_REPLY to request 42 with one document
        var reply = try WireReply.encode(["ok": 1.0], answering: request, requestID: 1, allocator: ByteBufferAllocator())
        #expect(reply.readInteger(endianness: .little, as: Int32.self) == Int32(reply.readableBytes + 4))
        #expect(reply.readInteger(endianness: .little, as: Int32.self) == 1)
        #expect(reply.readInteger(endianness: .little, as: Int32.self) == 42)
        #expect(reply.readInteger(endianness: .little, as: Int32.self) == 1)
        reply.moveReaderIndex(forwardBy: 4 + 8 + 4)
        #expect(reply.readInteger(endianness: .little, as: Int32.self) == 1)
        #expect(try reply.withUnsafeReadableBytes { try Document(bsonBytes: $0) } == ["ok": 1.0])
    }

    @Test func garbageIsAnErrorNeverACrash() throws {
        // Given random bytes and every truncation of a valid message
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var buffer = ByteBufferAllocator().buffer(capacity: 80)
            buffer.writeInteger(Int32(bytes.count + 16), endianness: .little)
            buffer.writeInteger(Int32(1), endianness: .little)
            buffer.writeInteger(Int32(0), endianness: .little)
            buffer.writeInteger([Int32(2013), 2004, 1, 2012].randomElement(using: &generator) ?? 2013, endianness: .little)
            buffer.writeBytes(bytes)
            _ = try? WireRequest(frame: buffer)
        }
        let valid = try? Self.frame(opCode: 2013) { b in
            b.writeInteger(UInt32(0), endianness: .little)
            b.writeInteger(UInt8(0))
            b.writeBytes(try (["ping": 1, "$db": "admin"] as Document).bsonBytes())
        }
        // Then each is refused with a WireError (and the intact one reads)
        guard let valid else { Issue.record("could not build the message"); return }
        for length in 0..<valid.readableBytes {
            #expect(throws: WireError.self) { try WireRequest(frame: valid.getSlice(at: 0, length: length) ?? valid) }
        }
        #expect(try WireRequest(frame: valid).command == ["ping": 1, "$db": "admin"])
    }

    @Test func commandsReportMongoDBsCodes() async throws {
        try await withTemporaryDirectory { folder in
            let store = try EmbeddedStore(path: folder.appendingPathComponent("w.db").path)
            let handler = WireCommandHandler(store: store, defaultDatabase: "speak_ai_db")
            let unknown = await handler.respond(to: ["frobnicate": 1, "$db": "x"])
            #expect(unknown["code"] == .int32(59) && unknown["codeName"] == "CommandNotFound" && unknown["ok"] == 0.0)
            let badName = await handler.respond(to: ["insert": "a$b", "documents": [[:]], "$db": "x"])
            #expect(badName["code"] == .int32(73))
            let inserted = await handler.respond(to: ["insert": "users", "documents": [["_id": 1], ["_id": 1]], "$db": "speak_ai_db"])
            #expect(inserted["n"] == .int32(1) && inserted["writeErrors"]?.arrayValue?.first?.documentValue?["code"] == .int32(11000))
            // The default database is the store's own namespace; others are prefixed
            #expect(try await store.collection("users").countDocuments() == 1)
            _ = await handler.respond(to: ["insert": "users", "documents": [["_id": 1]], "$db": "scratch"])
            #expect(try await store.listCollections() == ["scratch.users", "users"])
            try await store.close()
        }
    }
}
