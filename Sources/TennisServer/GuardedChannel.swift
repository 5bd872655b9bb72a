import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// A server child channel with the connection's guards around another one: `ConnectionGate`
/// first (after TLS), `HTTPRequestGuard` right after the HTTP decoder, `UpgradeWatch` last.
struct GuardedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let admission: ConnectionGuard
    let requestTimeout: TimeAmount

    /// Receive buffers for a connection: NIO keeps the last one per connection for reuse, so an
    /// idle one holds its size; its default first size is 2 KiB, more than a WebSocket upgrade
    /// request or a hello needs (it grows for connections that read more).
    static var receiveBuffers: AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture { () -> NIOLoopBound<ConnectionGate> in
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.receiveBuffers)
            let gate = ConnectionGate(admission: admission, requestTimeout: requestTimeout, logger: logger)
            try channel.pipeline.syncOperations.addHandler(gate)
            return NIOLoopBound(gate, eventLoop: channel.eventLoop)
        }.flatMap { gate in
            base.setup(channel: channel, logger: logger).flatMapThrowing { value in
                let pipeline = channel.pipeline.syncOperations
                let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
                try pipeline.addHandler(HTTPRequestGuard(gate: gate.value), position: .after(decoder))
                try pipeline.addHandler(UpgradeWatch(gate: gate.value))
                return value
            }
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension GuardedChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    var responder: HTTPChannelHandler.Responder { base.responder }
}
