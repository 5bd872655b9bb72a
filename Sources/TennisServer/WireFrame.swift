import NIOCore
import NIOEmbedded
import NIOPosix
import NIOWebSocket

/// One WebSocket frame exactly as it goes on the wire (header and payload in one buffer), made
/// once by NIO's own `WebSocketFrameEncoder` however many connections it is written to.
///
/// Server frames are not masked, so a match's snapshot frames the same way for every spectator:
/// framing it once per tick, instead of once per connection, saves each connection the encoder's
/// per-frame work, a header buffer, and a second `iovec` in every `writev`.
struct WireFrame: Sendable {
    /// The whole frame.
    let bytes: ByteBuffer
    private let headerLength: Int

    init(opcode: WebSocketOpcode, payload: ByteBuffer) {
        let framer = Self.framer.currentValue ?? {
            let made = Framer()
            Self.framer.currentValue = made
            return made
        }()
        bytes = framer.frame(opcode: opcode, payload: payload)
        headerLength = bytes.readableBytes - payload.readableBytes
    }

    init(text: String) { self.init(opcode: .text, payload: ByteBuffer(string: text)) }
    init(binary: [UInt8]) { self.init(opcode: .binary, payload: ByteBuffer(bytes: binary)) }

    /// The message inside the frame (a view of the same bytes).
    var payload: ByteBuffer {
        bytes.getSlice(at: bytes.readerIndex + headerLength, length: bytes.readableBytes - headerLength) ?? ByteBuffer()
    }

    /// One encoder per thread (an `EmbeddedChannel` may only be used on the thread that made it).
    private static let framer = ThreadSpecificVariable<Framer>()

    /// NIO's frame encoder in a channel of its own, used synchronously. `@unchecked Sendable`: each
    /// one is reached only through `framer.currentValue`, so only by the thread that made it.
    private final class Framer: @unchecked Sendable {
        private let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())

        func frame(opcode: WebSocketOpcode, payload: ByteBuffer) -> ByteBuffer {
            do {
                try channel.writeOutbound(WebSocketFrame(fin: true, opcode: opcode, data: payload))
                var parts: [ByteBuffer] = []
                while let part = try channel.readOutbound(as: ByteBuffer.self) { parts.append(part) }
                var frame = ByteBuffer()
                frame.reserveCapacity(parts.reduce(0) { $0 + $1.readableBytes })
                for var part in parts { frame.writeBuffer(&part) }
                return frame
            } catch {
                // The encoder does not fail on a well-formed frame; this would be a broken NIO.
                preconditionFailure("WebSocket frame encoder failed: \(error)")
            }
        }
    }
}
