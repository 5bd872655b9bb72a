import NIOCore
import NIOEmbedded
import NIOPosix
import NIOWebSocket

/// One WebSocket frame exactly as it goes on the wire (header and payload in one buffer), made
/// once however many connections it is written to.
///
/// Server frames are not masked (and the server negotiates no extension, such as compression, that
/// would change them per connection), so a match's snapshot frames the same way for every spectator:
/// framing it once per tick, instead of once per connection, saves each connection the encoder's
/// per-frame work, a header buffer, and a second `iovec` in every `writev`. The header comes from
/// NIO's own `WebSocketFrameEncoder`, which is asked once per thread for each kind and length of
/// frame (a lean snapshot is always 23 bytes) and whose answer is kept.
struct WireFrame: Sendable {
    /// The whole frame.
    let bytes: ByteBuffer
    private let headerLength: Int

    init<Payload: Collection>(opcode: WebSocketOpcode, payload: Payload) where Payload.Element == UInt8 {
        let framer = Self.framer.currentValue ?? {
            let made = Framer()
            Self.framer.currentValue = made
            return made
        }()
        let header = framer.header(opcode: opcode, length: payload.count)
        var bytes = ByteBufferAllocator().buffer(capacity: header.count + payload.count)
        bytes.writeBytes(header)
        bytes.writeBytes(payload)
        self.bytes = bytes
        headerLength = header.count
    }

    init(text: String) { self.init(opcode: .text, payload: text.utf8) }
    init(binary: [UInt8]) { self.init(opcode: .binary, payload: binary) }

    /// The message inside the frame (a view of the same bytes).
    var payload: ByteBuffer {
        bytes.getSlice(at: bytes.readerIndex + headerLength, length: bytes.readableBytes - headerLength) ?? ByteBuffer()
    }

    /// One encoder per thread (an `EmbeddedChannel` may only be used on the thread that made it).
    private static let framer = ThreadSpecificVariable<Framer>()

    /// NIO's frame encoder in a channel of its own, used synchronously, and the headers it made.
    /// `@unchecked Sendable`: each one is reached only through `framer.currentValue`, so only by
    /// the thread that made it.
    private final class Framer: @unchecked Sendable {
        private let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        private var headers: [Key: [UInt8]] = [:]

        private struct Key: Hashable {
            var opcode: UInt8
            var length: Int
        }

        /// The header NIO's encoder puts before an unmasked, final frame of this kind and length.
        func header(opcode: WebSocketOpcode, length: Int) -> [UInt8] {
            let key = Key(opcode: UInt8(webSocketOpcode: opcode), length: length)
            if let header = headers[key] { return header }
            let header = encodeHeader(opcode: opcode, length: length)
            if headers.count >= 512 { headers.removeAll(keepingCapacity: true) }
            headers[key] = header
            return header
        }

        private func encodeHeader(opcode: WebSocketOpcode, length: Int) -> [UInt8] {
            do {
                let payload = ByteBuffer(repeating: 0, count: length)
                try channel.writeOutbound(WebSocketFrame(fin: true, opcode: opcode, data: payload))
                var frame: [UInt8] = []
                while let part = try channel.readOutbound(as: ByteBuffer.self) { frame += part.readableBytesView }
                return Array(frame.dropLast(length))
            } catch {
                // The encoder does not fail on a well-formed frame; this would be a broken NIO.
                preconditionFailure("WebSocket frame encoder failed: \(error)")
            }
        }
    }
}
