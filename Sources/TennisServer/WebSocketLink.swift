import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import TennisProtocol

/// A server WebSocket connection, last in its channel pipeline (after NIO's frame decoder and
/// `WebSocketFrameRules`): it carries out `WebSocketReader`'s decisions and hands each message to
/// the session. No task is kept per connection: a connection seated in a match has its messages
/// taken by a synchronous function on the channel's event loop (`take(_:ended:)`); only before
/// that, while its hello is read and the match looked up, are they read from a task (`next()`).
///
/// Everything but `eventLoop` is touched only on the loop, hence `@unchecked Sendable`.
final class WebSocketLink: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    let eventLoop: any EventLoop
    /// How long a client told to close may take to answer before the connection is cut.
    private let closeGrace: TimeAmount
    /// What a close for the server's shutdown says (4503).
    private let shutdownReason: String

    private var context: ChannelHandlerContext?
    private var reader: WebSocketReader
    private var sink = Sink.queue([], waiter: nil)
    /// A read the channel asked for, held back while the queue is full (resumed as it drains).
    private var heldRead = false
    private var graceTimer: Scheduled<Void>?

    /// The messages a reading task has not taken yet, at most this many; past it the socket is
    /// not read until the task catches up.
    static let queueLimit = 8
    /// Messages already read when the socket stops being read still come out of NIO's decoder
    /// (one read may hold many small frames); a client with this many waiting, before its hello
    /// was even answered, is flooding: closed with 4429 `message_flood`.
    static let queueCap = 64

    /// A connection's messages taken on the loop: each message, then the end, once.
    typealias Taker = @Sendable (WebSocketMessage) -> Void

    private enum Sink {
        /// Read by a task: what it has not taken yet, and the task waiting, if one is.
        case queue([WebSocketMessage], waiter: CheckedContinuation<WebSocketMessage?, Never>?)
        /// Taken on the loop.
        case taking(Taker, ended: @Sendable () -> Void)
        /// The connection is over (or closing): no more messages.
        case ended
    }

    init(eventLoop: any EventLoop, maxMessageSize: Int, closeGrace: TimeAmount = .seconds(5),
         shutdownReason: String = WireProtocol.CloseReason.shutdown) {
        self.eventLoop = eventLoop
        self.reader = WebSocketReader(maxMessageSize: maxMessageSize)
        self.closeGrace = closeGrace
        self.shutdownReason = shutdownReason
    }

    // MARK: The session's side (from any task)

    /// The next message, or nil once the connection is over or closing.
    func next() async -> WebSocketMessage? {
        await withCheckedContinuation { waiter in
            eventLoop.execute { self.wait(waiter) }
        }
    }

    /// Sends a message (dropped once the connection is closing).
    func write(_ message: WebSocketMessage) async {
        try? await eventLoop.submit { self.send(message) }.get()
    }

    /// Starts the close handshake (nothing if it already started).
    func close(code: UInt16, reason: String) async {
        try? await eventLoop.submit { self.closeOnLoop(code: code, reason: reason) }.get()
    }

    /// From now on each message goes to `take` on the loop, those read but not yet taken first;
    /// `ended` is called once when the connection is over (at once if it already is).
    func take(_ take: @escaping Taker, ended: @escaping @Sendable () -> Void) {
        eventLoop.execute {
            switch self.sink {
            case .queue(let queued, let waiter):
                waiter?.resume(returning: nil)
                self.sink = .taking(take, ended: ended)
                for message in queued {
                    guard case .taking = self.sink else { break }
                    take(message)
                }
                self.resumeReading()
            case .taking:
                preconditionFailure("a connection's messages are taken once")
            case .ended:
                ended()
            }
        }
    }

    /// Starts the close handshake from any thread: at once on the loop, else as soon as the loop runs it.
    func closeSoon(code: UInt16, reason: String) {
        if eventLoop.inEventLoop {
            closeOnLoop(code: code, reason: reason)
        } else {
            eventLoop.execute { self.closeOnLoop(code: code, reason: reason) }
        }
    }

    // MARK: On the loop

    /// Starts the close handshake (nothing if it already started).
    func closeOnLoop(code: UInt16, reason: String) {
        perform(reader.close(code: code, reason: reason))
    }

    private func wait(_ waiter: CheckedContinuation<WebSocketMessage?, Never>) {
        guard case .queue(var queued, let earlier) = sink else {
            return waiter.resume(returning: nil)
        }
        precondition(earlier == nil, "one task at a time reads a connection")
        if !queued.isEmpty {
            let message = queued.removeFirst()
            sink = .queue(queued, waiter: nil)
            waiter.resume(returning: message)
            resumeReading()
        } else {
            sink = .queue(queued, waiter: waiter)
        }
    }

    private func send(_ message: WebSocketMessage) {
        guard let context, reader.phase == .open else { return }
        let frame: WebSocketFrame
        switch message {
        case .text(let text): frame = WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))
        case .binary(let bytes): frame = WebSocketFrame(fin: true, opcode: .binary, data: bytes)
        }
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    private func perform(_ actions: [WebSocketReader.Action]) {
        for action in actions {
            switch action {
            case .deliver(let message):
                hand(message)
            case .pong(let payload):
                context?.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: payload)),
                                       promise: nil)
            case .sendClose(let code, let reason):
                guard let context else { continue }
                var body = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
                body.writeInteger(code)
                body.writeString(reason)
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: body)),
                                      promise: nil)
                // Nothing more goes out: the client sees the end of the stream at once (as it
                // did with hummingbird-websocket), and its answering close may still come in.
                context.close(mode: .output, promise: nil)
                stopMessages()
                let channel = context.channel
                graceTimer = eventLoop.scheduleTask(in: closeGrace) { channel.close(promise: nil) }
            case .end:
                stopMessages()
                context?.close(promise: nil)
            }
        }
    }

    private func hand(_ message: WebSocketMessage) {
        switch sink {
        case .queue(let queued, let waiter?):
            precondition(queued.isEmpty, "a task waits only on an empty queue")
            sink = .queue([], waiter: nil)
            waiter.resume(returning: message)
        case .queue(var queued, nil):
            guard queued.count < Self.queueCap else {
                return closeOnLoop(code: WireProtocol.CloseCode.tooMany, reason: "message_flood")
            }
            queued.append(message)
            sink = .queue(queued, waiter: nil)
        case .taking(let take, _):
            take(message)
        case .ended:
            break
        }
    }

    /// No more messages: a waiting task hears the end; a taker hears it once the channel is gone.
    private func stopMessages() {
        if case .queue(_, let waiter) = sink {
            sink = .ended
            waiter?.resume(returning: nil)
            resumeReading()
        }
    }

    /// The channel is gone: whoever reads hears the end, once.
    private func finish() {
        reader.ended()
        graceTimer?.cancel()
        graceTimer = nil
        let before = sink
        sink = .ended
        switch before {
        case .queue(_, let waiter): waiter?.resume(returning: nil)
        case .taking(_, let ended): ended()
        case .ended: break
        }
    }

    private var queueFull: Bool {
        if case .queue(let queued, _) = sink { return queued.count >= Self.queueLimit }
        return false
    }

    private func resumeReading() {
        guard heldRead, !queueFull, let context else { return }
        heldRead = false
        context.read()
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        perform(reader.read(unwrapInboundIn(data)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        if queueFull {
            heldRead = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A frame NIO could not decode: `WebSocketProtocolErrorHandler`, before this, has sent
        // its close code and closes the connection.
        if !(error is NIOWebSocketError) { context.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // The HTTP server is stopping: a connection its match did not close yet hears why.
            closeOnLoop(code: WireProtocol.CloseCode.serverShutdown, reason: shutdownReason)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
