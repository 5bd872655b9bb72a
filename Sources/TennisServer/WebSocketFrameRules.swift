import NIOCore
import NIOWebSocket

/// The RFC 6455 rules that NIO's frame decoder leaves unchecked, right
/// after the decoder: every client frame is masked (§5.1), and a control frame is final, at most
/// 125 bytes and has no reserved bit set (§5.5, §5.2; no extension is negotiated here). A frame
/// that breaks one is answered with close 1002 (protocol error) and the connection is closed;
/// nothing after it is read.
final class WebSocketFrameRules: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var failed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let frame = unwrapInboundIn(data)
        if let problem = Self.problem(frame) {
            fail(context, problem)
            return
        }
        context.fireChannelRead(data)
    }

    /// What is wrong with a client's frame, or nil.
    static func problem(_ frame: WebSocketFrame) -> String? {
        if frame.maskKey == nil { return "client frames must be masked" }
        if frame.opcode.isControlOpcode {
            if frame.rsv1 || frame.rsv2 || frame.rsv3 { return "reserved bits set on a control frame" }
            if !frame.fin { return "fragmented control frame" }
            if frame.length > 125 { return "control frame longer than 125 bytes" }
        }
        return nil
    }

    private func fail(_ context: ChannelHandlerContext, _ reason: String) {
        failed = true
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: .protocolError)
        data.writeString(reason)
        let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(close)).whenComplete { _ in channel.close(promise: nil) }
    }
}
