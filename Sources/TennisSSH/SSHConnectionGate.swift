import NIOCore

/// The first handler of an ssh connection: counts it against the ssh limits (refused: a line
/// and the close, before the SSH version exchange) and closes it if no login succeeded within
/// `authSeconds`.
final class SSHConnectionGate: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let admission: SSHAdmission
    private let authTimeout: TimeAmount
    private var peer: String?
    private let addressKey: @Sendable (SocketAddress?) -> String
    private var timer: Scheduled<Void>?
    private(set) var loggedIn = false

    init(admission: SSHAdmission, authSeconds: Double, addressKey: @escaping @Sendable (SocketAddress?) -> String) {
        self.admission = admission
        self.addressKey = addressKey
        authTimeout = .nanoseconds(Int64(authSeconds * 1e9))
    }

    func channelActive(context: ChannelHandlerContext) {
        let address = addressKey(context.channel.remoteAddress)
        if let refusal = admission.admit(address) {
            let line = ByteBuffer(string: refusal.message + "\r\n")
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(line)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        peer = address
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: authTimeout) {
            let (gate, context) = loopBound.value
            guard !gate.loggedIn else { return }
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    /// The login succeeded: the auth deadline no longer applies.
    func loginSucceeded() {
        loggedIn = true
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard peer != nil else { return }  // refused: nothing it sends is read
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if let peer { admission.release(peer) }
        peer = nil
        context.fireChannelInactive()
    }
}
