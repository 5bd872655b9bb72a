import HummingbirdCore
import Logging
import NIOCore

/// Cuts off a connection whose first HTTP request head (TLS handshake included) is not complete
/// within `timeout` of connecting: the slowloris defence. An idle timeout alone does not do it,
/// since a byte every few seconds keeps resetting it.
///
/// It sits first in the pipeline (after TLS) and only looks for the blank line that ends a
/// request head; once that has been seen it passes everything through untouched.
final class RequestHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    private var matched = 0
    private var complete = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        let seconds = Double(timeout.nanoseconds) / 1e9
        let logger = Logger(label: "tennis.server")
        timer = context.eventLoop.scheduleTask(in: timeout) {
            logger.notice("closing a connection whose request head took too long",
                          metadata: ["seconds": "\(seconds)", "peer": "\(channel.remoteAddress.map { "\($0)" } ?? "?")"])
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !complete {
            let bytes = unwrapInboundIn(data)
            let terminator: [UInt8] = [13, 10, 13, 10]
            for byte in bytes.readableBytesView {
                matched = byte == terminator[matched] ? matched + 1 : (byte == 13 ? 1 : 0)
                if matched == 4 {
                    complete = true
                    timer?.cancel()
                    break
                }
            }
        }
        context.fireChannelRead(data)
    }
}

/// A server child channel with `RequestHeadDeadline` in front of another one.
struct HeadDeadlineChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let timeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadDeadline(timeout: timeout))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HeadDeadlineChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    var responder: HTTPChannelHandler.Responder { base.responder }
}
