import CoreMetrics
import NIOCore
import NIOWebSocket
import Synchronization
import TennisProtocol

/// A WebSocket connection's outlet: a handler in its channel pipeline, just before (head side of)
/// the frame encoder, that writes the match's frames — already framed once for everyone
/// (`WireFrame`) — straight on the channel's event loop.
///
/// While the socket takes data (`isWritable`), messages are written at once and flushed once per
/// delivery batch; while it does not, they wait in `PendingMessages` (snapshots latest-wins) and go
/// out when it drains. A close is not written here: the WebSocket library owns the close
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
    private var pending: PendingMessages
    private var closing = false
    private var unflushed = 0
    /// The connection's own first message (its welcome) went out: the match's shared messages may follow.
    private var welcomed = false
    /// The channel's writability, kept from its events (cheaper than asking the channel per message).
    private var writable = true

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
        self.pending = PendingMessages(controlLimit: controlLimit)
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
        guard let context, !closing else { return }
        if shared {
            guard welcomed else { return }
        } else {
            welcomed = true
        }
        if case .close(let code, let reason) = message {
            beginClose(Close(code: code, reason: reason), context: context)
            return
        }
        guard pending.isEmpty, writable else {
            if pending.push(message) { dropped.increment() }
            if pending.tooSlow { beginClose(Close(code: WireProtocol.CloseCode.tooSlow, reason: "too_slow"), context: context) }
            return
        }
        write(message, context: context)
    }

    func flush() {
        guard unflushed > 0, let context else { return }
        written.increment(by: unflushed)
        unflushed = 0
        context.flush()
    }

    private func write(_ message: Outbound, context: ChannelHandlerContext) {
        let frame: WireFrame
        switch message {
        case .snapshot(let snapshot, _): frame = snapshot
        case .text(let text): frame = text
        case .close: return
        }
        unflushed += 1
        context.write(wrapOutboundOut(frame.bytes), promise: nil)
    }

    /// Writes what waited (controls always; snapshots unless the peer is too slow), stops writing,
    /// and asks the session to close; a peer that does not finish closing in time is cut off.
    private func beginClose(_ close: Close, context: ChannelHandlerContext) {
        closing = true
        for message in pending.takeAll() {
            if case .close = message { continue }
            if close.code != WireProtocol.CloseCode.tooSlow { write(message, context: context) }
        }
        flush()
        signal(close)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: closeGrace) { channel.close(promise: nil) }
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        writable = context.channel.isWritable
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        closing = true
        signal(nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        signal(nil)
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable = context.channel.isWritable
        if writable, !closing, !pending.isEmpty {
            for message in pending.takeAll() { write(message, context: context) }
            flush()
        }
        context.fireChannelWritabilityChanged()
    }

    /// The library wrote its close frame (it reaches this outlet next, encoded): nothing more after it.
    fileprivate func libraryClosing() {
        closing = true
        _ = pending.takeAll()
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
