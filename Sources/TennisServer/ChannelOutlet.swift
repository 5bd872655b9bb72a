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
/// it drains. A close is not written here: the WebSocket library owns the close
/// handshake, so the session is told (`closeRequested`) and closes through it, after everything
/// delivered before. The library's own frames pass through the encoder and then this outlet, in
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

    private let closeSignal = Mutex<CloseSignal>(.waiting(nil))

    private enum CloseSignal {
        case waiting(CheckedContinuation<Close?, Never>?)
        case requested(Close?)
        case taken
    }

    /// A close the match asked for.
    struct Close: Sendable, Equatable {
        var code: UInt16
        var reason: String
    }

    init(eventLoop: any EventLoop, controlLimit: Int, written: CoreMetrics.Counter, dropped: CoreMetrics.Counter,
         closeGrace: TimeAmount = .seconds(5)) {
        self.eventLoop = eventLoop
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
        guard context != nil else { return }
        perform(machine.deliver(message, shared: shared))
    }

    func flush() {
        perform(machine.flush())
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
                written.increment(by: count)
                context.flush()
            case .droppedSnapshot:
                dropped.increment()
            case .signal(let close):
                signal(close)
            case .cutAfterGrace:
                let channel = context.channel
                context.eventLoop.scheduleTask(in: closeGrace) { channel.close(promise: nil) }
            }
        }
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        _ = machine.writabilityChanged(context.channel.isWritable)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        perform(machine.channelEnded())
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(machine.channelEnded())
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        perform(machine.writabilityChanged(context.channel.isWritable))
        context.fireChannelWritabilityChanged()
    }

    /// The library wrote its close frame (it reaches this outlet next, encoded): nothing more after it.
    fileprivate func libraryClosing() {
        machine.libraryClosing()
    }

    // MARK: The session's side

    /// Waits until the match asks this connection to close (nil: the connection ended first, or
    /// `finish` was called).
    func closeRequested() async -> Close? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Close?, Never>) in
            let ready: Close?? = closeSignal.withLock { state in
                switch state {
                case .waiting:
                    state = .waiting(continuation)
                    return .none
                case .requested(let close):
                    state = .taken
                    return .some(close)
                case .taken:
                    return .some(nil)
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// The session is over: a pending `closeRequested` returns nil, once what was sent to the
    /// outlet before has been handled (a close asked for just before still wins).
    func finish() {
        eventLoop.execute { self.signal(nil) }
    }

    private func signal(_ close: Close?) {
        let waiter: CheckedContinuation<Close?, Never>? = closeSignal.withLock { state in
            switch state {
            case .waiting(let continuation):
                if let continuation {
                    state = .taken
                    return continuation
                }
                state = .requested(close)
                return nil
            case .requested, .taken:
                return nil
            }
        }
        waiter?.resume(returning: close)
    }
}

/// Watches the frames the WebSocket library writes, on their way to the encoder, for its close.
private final class CloseWatch: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let outlet: ChannelOutlet

    init(outlet: ChannelOutlet) { self.outlet = outlet }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if unwrapOutboundIn(data).opcode == .connectionClose { outlet.libraryClosing() }
        context.write(data, promise: promise)
    }
}
