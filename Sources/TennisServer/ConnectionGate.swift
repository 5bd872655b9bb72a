import Logging
import NIOCore

/// The first handler of every connection (after TLS): admission at accept, a deadline for each
/// HTTP request, and the canned answers that refuse a connection.
///
/// - At accept it asks the `ConnectionGuard` to count the socket as pending; refused, it answers
///   503 (server full) or 429 (too many from the address) and closes before reading anything.
/// - A request (the TLS handshake and the first request included) must arrive whole — head and
///   body — within `requestTimeout` of its first byte, or the connection is answered 408 and
///   closed: a slowloris or a slow POST cannot hold a socket. An idle keep-alive connection is
///   Hummingbird's idle timeout's to close.
/// - `HTTPRequestGuard` (after the HTTP decoder) tells it when a request is complete or must be
///   refused; `UpgradeWatch` tells it when the connection became a WebSocket, which ends its
///   work: from then on it passes bytes through untouched.
final class ConnectionGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        /// Waiting for a request to be complete (from the connection's start or its first byte).
        case inRequest
        /// Between keep-alive requests.
        case idle
        case upgraded
        /// Refused or timed out: the answer is on its way and the connection closes.
        case closing
    }

    private let admission: ConnectionGuard
    private let requestTimeout: TimeAmount
    private let logger: Logger
    private var peer = "unknown"
    private var admitted = false
    private var pending = true
    private var refusal: ConnectionGuard.Refusal?
    private var phase = Phase.inRequest
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(admission: ConnectionGuard, requestTimeout: TimeAmount, logger: Logger) {
        self.admission = admission
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer = AddressKey.of(context.channel.remoteAddress)
        refusal = admission.admitTransport(peer: peer)
        admitted = refusal == nil
        if admitted {
            startTimer(context)
        } else if context.channel.isActive {
            refuseAdmission(context)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        if refusal != nil && phase != .closing { refuseAdmission(context) }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
        if admitted {
            admitted = false
            admission.releaseTransport(peer: peer, pending: pending)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch phase {
        case .closing:
            return
        case .idle:
            phase = .inRequest
            startTimer(context)
        case .inRequest, .upgraded:
            break
        }
        context.fireChannelRead(data)
    }

    /// The HTTP decoder has seen a request's end.
    func requestComplete() {
        guard phase == .inRequest else { return }
        timer?.cancel()
        timer = nil
        phase = .idle
    }

    /// The connection is a WebSocket now: the session limits take over.
    func upgraded() {
        timer?.cancel()
        timer = nil
        if phase != .closing { phase = .upgraded }
        if admitted && pending {
            pending = false
            admission.transportUpgraded(peer: peer)
        }
    }

    /// Answers `status` and closes, reading nothing more.
    func refuse(status: Int, code: String, message: String, retryAfterSeconds: Int? = nil) {
        guard let context, phase != .closing else { return }
        phase = .closing
        timer?.cancel()
        timer = nil
        logger.info("refusing a connection", metadata: ["peer": "\(peer)", "status": "\(status)", "code": "\(code)"])
        let bytes = CannedResponse.bytes(status: status, code: code, message: message, retryAfterSeconds: retryAfterSeconds)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in channel.close(promise: nil) }
        // The HTTP layers behind learn that no more request comes: NIO's upgrade handler then
        // ends its wait quietly instead of failing it as an error that Hummingbird logs as one.
        context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    }

    private func refuseAdmission(_ context: ChannelHandlerContext) {
        guard let refusal else { return }
        refuse(status: refusal.httpStatus, code: refusal.code, message: refusal.message, retryAfterSeconds: 10)
    }

    private func startTimer(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: requestTimeout) { handler.value.timedOut() }
    }

    private func timedOut() {
        guard phase == .inRequest else { return }
        let seconds = Double(requestTimeout.nanoseconds) / 1e9
        refuse(status: 408, code: "request_timeout", message: "the request did not arrive whole within \(seconds) s")
    }
}
