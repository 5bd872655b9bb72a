import NIOCore
import NIOPosix
import Synchronization
import TennisCore

/// A TCP relay on 127.0.0.1 that holds every chunk for a delay with jitter, in each direction,
/// and delivers in order: a user-space stand-in for `tc netem delay D J` on kernels without
/// netem. Each chunk is due at `now + delay ± jitter` (uniform), but never before the chunk
/// ahead of it, as TCP would deliver it after a reordered packet arrived.
public final class DelayProxy: Sendable {
    public let port: Int
    private let listener: any Channel

    private init(port: Int, listener: any Channel) {
        self.port = port
        self.listener = listener
    }

    /// Starts relaying `127.0.0.1:port` (a new free port) to `127.0.0.1:targetPort`.
    /// - Parameters: delay and jitter in seconds, one way.
    public static func start(targetPort: Int, delay: Double, jitter: Double, seed: UInt64 = 1) async throws
        -> DelayProxy
    {
        let group = MultiThreadedEventLoopGroup.singleton
        let seeds = SeedBox(seed: seed)
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { inbound in
                let (up, down) = seeds.pair()
                return ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(
                                DelayRelay(partner: inbound, delay: delay, jitter: jitter, seed: down))
                        }
                    }
                    .connect(host: "127.0.0.1", port: targetPort)
                    .flatMapThrowing { outbound in
                        try inbound.pipeline.syncOperations.addHandler(
                            DelayRelay(partner: outbound, delay: delay, jitter: jitter, seed: up))
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return DelayProxy(port: listener.localAddress?.port ?? 0, listener: listener)
    }

    public func stop() async {
        try? await listener.close()
    }
}

/// Relays what one side reads to its partner after the delay.
final class DelayRelay: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let partner: any Channel
    let delay: Double
    let jitter: Double
    var random: SplitMix64
    var lastDue = NIODeadline.uptimeNanoseconds(0)

    init(partner: any Channel, delay: Double, jitter: Double, seed: UInt64) {
        self.partner = partner
        self.delay = delay
        self.jitter = jitter
        self.random = SplitMix64(seed: seed)
    }

    private func nextDue() -> NIODeadline {
        let lag = max(0, delay + (random.nextUnit() * 2 - 1) * jitter)
        let due = max(lastDue, .now() + .nanoseconds(Int64(lag * 1e9)))
        lastDue = due
        return due
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let chunk = unwrapInboundIn(data)
        let partner = partner
        context.eventLoop.scheduleTask(deadline: nextDue()) { partner.writeAndFlush(chunk, promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let partner = partner
        context.eventLoop.scheduleTask(deadline: max(lastDue, .now())) { partner.close(promise: nil) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Hands each relayed connection its own jitter seeds.
final class SeedBox: Sendable {
    private let random: Mutex<SplitMix64>

    init(seed: UInt64) {
        random = Mutex(SplitMix64(seed: seed))
    }

    func pair() -> (UInt64, UInt64) {
        random.withLock { ($0.next(), $0.next()) }
    }
}
