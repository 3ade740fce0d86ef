import NIOCore

/// Cuts the byte stream into whole wire messages by their leading length.
struct WireFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    static let maximumMessageSize = 48_000_000

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: Int32.self) else { return .needMoreData }
        guard length >= 16, Int(length) <= Self.maximumMessageSize else { throw WireError.tooLarge(Int(length)) }
        guard let frame = buffer.readSlice(length: Int(length)) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }
}
