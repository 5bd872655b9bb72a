import CoreMetrics
import NIOCore
import NIOWebSocket
import Synchronization
import TennisProtocol

/// A WebSocket connection's outlet: a handler in its channel pipeline, just before (head side of)
/// the frame encoder, that writes the match's frames — already framed once for everyone
/// (`WireFrame`) — straight on the channel's event loop.
///
/// What to write, hold, drop or close is `OutletMachine`'s decision; this handler carries out its
/// actions. While the socket takes data (`isWritable`), messages are written at once and flushed
/// once per delivery batch; while it does not, they wait (snapshots latest-wins) and go out when
/// it drains. A close is not written here: the connection's `WebSocketLink` owns the close
/// handshake, so the session is told (`whenCloseRequested`) and closes through it, after everything
/// delivered before. The link's own frames pass through the encoder and then this outlet, in
/// order with what it writes; once one is a close (seen by `CloseWatch`, on the frame side of
/// the encoder), nothing more is written.
///
/// Everything but `closeSignal` is touched only on `eventLoop` (the pipeline's loop), hence
/// `@unchecked Sendable`.
final class ChannelOutlet: ChannelDuplexHandler, ConnectionOutlet, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let eventLoop: any EventLoop
    private let written: CoreMetrics.Counter
    private let dropped: CoreMetrics.Counter
    /// How long a peer that was told to close may take before the connection is cut.
    private let closeGrace: TimeAmount

    private var context: ChannelHandlerContext?
    private var machine: OutletMachine

    /// Every how long a ping goes out (nil: never).
    private let keepAlive: TimeAmount?
    private var keepAliveTimer: Scheduled<Void>?
    private let closeSignal = Mutex<CloseSignal>(.waiting(nil))

    /// Starts the close the match asked for (on the loop, through the connection's `WebSocketLink`).
    typealias CloseStarter = @Sendable (Close) -> Void

    /// Whether the match asked for a close, and who carries it out.
    private enum CloseSignal {
        /// Nothing decided yet; the session's starter, once it gave one.
        case waiting(CloseStarter?)
        /// Decided before the session gave its starter (nil: no close; the connection ended).
        case decided(Close?)
        /// Decided with a starter there, and carried out.
        case started
    }

    /// A close the match asked for.
    struct Close: Sendable, Equatable {
        var code: UInt16
        var reason: String
    }

    /// - Parameter keepAlive: every how long the peer is pinged (`OutletMachine.keepAliveDue`); nil: never.
    init(eventLoop: any EventLoop, controlLimit: Int, written: CoreMetrics.Counter, dropped: CoreMetrics.Counter,
         closeGrace: TimeAmount = .seconds(5), keepAlive: TimeAmount? = nil) {
        self.eventLoop = eventLoop
        self.keepAlive = keepAlive
        self.machine = OutletMachine(controlLimit: controlLimit)
        self.written = written
        self.dropped = dropped
        self.closeGrace = closeGrace
    }

    /// Puts the outlet in `channel`'s pipeline, right before the WebSocket frame encoder (and its
    /// close watch right after it).
    func install(in channel: any Channel) async throws {
        try await channel.eventLoop.submit {
            try self.install(in: channel.pipeline.syncOperations)
        }.get()
    }

    /// On the pipeline's loop.
    func install(in pipeline: ChannelPipeline.SynchronousOperations) throws {
        let encoder = try pipeline.handler(type: WebSocketFrameEncoder.self)
        try pipeline.addHandler(self, position: .before(encoder))
        try pipeline.addHandler(CloseWatch(outlet: self), position: .after(encoder))
    }

    // MARK: Writing (on the loop)

    func deliver(_ message: Outbound, shared: Bool) {
        guard let context else { return }
        switch machine.quickDelivery(message) {
        case .write(let frame): context.write(wrapOutboundOut(frame.bytes), promise: nil)
        case .nothing: break
        case .decide: perform(machine.deliver(message, shared: shared))
        }
    }

    func flush() {
        guard let context else { return }
        flush(count: machine.takeUnflushed(), context: context)
    }

    /// Flushes the `count` messages written since the last flush (none: nothing to do).
    private func flush(count: Int, context: ChannelHandlerContext) {
        guard count > 0 else { return }
        written.increment(by: count)
        context.flush()
    }

    private func perform(_ actions: [OutletMachine.Action]) {
        guard let context else { return }
        for action in actions {
            switch action {
            case .write(let message):
                let frame: WireFrame
                switch message {
                case .snapshot(let snapshot, _): frame = snapshot
                case .text(let text): frame = text
                case .close: continue
                }
                context.write(wrapOutboundOut(frame.bytes), promise: nil)
            case .flush(let count):
                flush(count: count, context: context)
            case .droppedSnapshot:
                dropped.increment()
            case .signal(let close):
                signal(close)
            case .cutAfterGrace:
                let channel = context.channel
                context.eventLoop.scheduleTask(in: closeGrace) { channel.close(promise: nil) }
            case .ping:
                context.writeAndFlush(wrapOutboundOut(Self.ping.bytes), promise: nil)
            }
        }
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        _ = machine.writabilityChanged(context.channel.isWritable)
        scheduleKeepAlive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        perform(machine.channelEnded())
        keepAliveTimer?.cancel()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(machine.channelEnded())
        keepAliveTimer?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        machine.heard()
        context.fireChannelRead(data)
    }

    // MARK: Keep-alive

    /// A WebSocket ping with no payload, framed once.
    private static let ping = WireFrame(opcode: .ping, payload: [UInt8]())

    /// A timer on the loop, not a task per connection waiting out the period (the WebSocket
    /// library's own pings took one).
    private func scheduleKeepAlive() {
        guard let keepAlive, machine.phase != .closing else { return }
        keepAliveTimer = eventLoop.scheduleTask(in: keepAlive) { [self] in
            perform(machine.keepAliveDue())
            scheduleKeepAlive()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        perform(machine.writabilityChanged(context.channel.isWritable))
        context.fireChannelWritabilityChanged()
    }

    /// The link wrote its close frame (it reaches this outlet next, encoded): nothing more after it.
    fileprivate func linkClosing() {
        machine.linkClosing()
    }

    // MARK: The session's side

    /// How the session closes the connection when the match asks it to: `start` is called once,
    /// on the loop (or here, if the match asked already).
    func whenCloseRequested(_ start: @escaping CloseStarter) {
        let decided: Close?? = closeSignal.withLock { state in
            switch state {
            case .waiting:
                state = .waiting(start)
                return .none
            case .decided(let close):
                state = .started
                return .some(close)
            case .started:
                return .none
            }
        }
        if case .some(.some(let close)) = decided { start(close) }
    }

    /// On the loop: the first decision wins.
    private func signal(_ close: Close?) {
        let start: CloseStarter? = closeSignal.withLock { state in
            switch state {
            case .waiting(let start?):
                state = .started
                return start
            case .waiting(nil):
                state = .decided(close)
                return nil
            case .decided, .started:
                return nil
            }
        }
        guard let start, let close else { return }
        start(close)
    }
}

/// Watches the frames the connection's `WebSocketLink` writes, on their way to the encoder, for its close.
private final class CloseWatch: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let outlet: ChannelOutlet

    init(outlet: ChannelOutlet) { self.outlet = outlet }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if unwrapOutboundIn(data).opcode == .connectionClose { outlet.linkClosing() }
        context.write(data, promise: promise)
    }
}
