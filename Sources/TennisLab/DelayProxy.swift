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
    private let listener: Mutex<(any Channel)?>
    /// Both ends of every relayed connection still open, so `cut()` can sever them.
    private let relayed: Relayed
    private let bind: @Sendable (Int) async throws -> any Channel

    private init(port: Int, listener: any Channel, relayed: Relayed,
                 bind: @escaping @Sendable (Int) async throws -> any Channel) {
        self.port = port
        self.listener = Mutex(listener)
        self.relayed = relayed
        self.bind = bind
    }

    /// Starts relaying `127.0.0.1:port` (a new free port) to `127.0.0.1:targetPort`.
    /// - Parameters:
    ///   - delay, jitter: in seconds, one way.
    ///   - restorable: the port is one below the kernel's ephemeral range (32768 and up), so that
    ///     while the proxy is `cut()` no outgoing connection can take it as its local port and
    ///     `restore()` finds it free.
    public static func start(targetPort: Int, delay: Double, jitter: Double, seed: UInt64 = 1,
                             restorable: Bool = false) async throws -> DelayProxy
    {
        let group = MultiThreadedEventLoopGroup.singleton
        let seeds = SeedBox(seed: seed)
        let relayed = Relayed()
        let bind: @Sendable (Int) async throws -> any Channel = { port in
            try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { inbound in
                    let (up, down) = seeds.pair()
                    relayed.track(inbound)
                    return ClientBootstrap(group: inbound.eventLoop)
                        .channelOption(.socketOption(.tcp_nodelay), value: 1)
                        .channelInitializer { outbound in
                            relayed.track(outbound)
                            return outbound.eventLoop.makeCompletedFuture {
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
                .bind(host: "127.0.0.1", port: port).get()
        }
        var listener: (any Channel)?
        if restorable {
            for _ in 0..<50 where listener == nil { listener = try? await bind(Int.random(in: 20_000..<32_000)) }
        }
        if listener == nil { listener = try await bind(0) }
        guard let listener else { throw ChannelError.inappropriateOperationForState }
        return DelayProxy(port: listener.localAddress?.port ?? 0, listener: listener, relayed: relayed, bind: bind)
    }

    /// Takes the link down, as if the far side's machine were switched off with its port closed:
    /// new connections are refused and open ones are closed.
    public func cut() async {
        let listening = listener.withLock { listener in
            defer { listener = nil }
            return listener
        }
        try? await listening?.close()
        for channel in relayed.all() { try? await channel.close() }
    }

    /// Listens again on the same port after `cut()` (retried for up to two seconds while the
    /// old listener's socket is still being released).
    public func restore() async throws {
        let deadline = NIODeadline.now() + .seconds(2)
        while true {
            do {
                let listening = try await bind(port)
                listener.withLock { $0 = listening }
                return
            } catch where NIODeadline.now() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    public func stop() async {
        await cut()
    }
}

/// The channels of a proxy's open connections.
private final class Relayed: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func track(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in self?.channels.withLock { _ = $0.removeValue(forKey: key) } }
    }

    func all() -> [any Channel] {
        channels.withLock { Array($0.values) }
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
