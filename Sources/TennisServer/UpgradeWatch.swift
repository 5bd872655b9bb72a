import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Waits, last in the pipeline, for NIO's "upgrade complete" event, which comes after the
/// WebSocket handlers are in place and before any buffered byte reaches them. It then puts
/// `WebSocketFrameRules` right after the frame decoder, tells the gate, and leaves. Until then
/// it passes everything on untouched (plain HTTP flows through it).
final class UpgradeWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Never

    private let gate: ConnectionGate

    init(gate: ConnectionGate) {
        self.gate = gate
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .upgradeComplete = event as? HTTPServerUpgradeEvents else {
            return context.fireUserInboundEventTriggered(event)
        }
        gate.upgraded()
        let pipeline = context.pipeline.syncOperations
        do {
            let decoder = try pipeline.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
            try pipeline.addHandler(WebSocketFrameRules(), position: .after(decoder))
        } catch {
            // No frame decoder means no WebSocket: nothing may pass unchecked.
            context.close(promise: nil)
        }
        // Passed on before leaving: a removed handler's context forwards nothing.
        context.fireUserInboundEventTriggered(event)
        pipeline.removeHandler(context: context, promise: nil)
    }
}
