import Logging
import NIOCore
import NIOPosix
import NIOSSH

/// The ssh front door: `ssh -p PORT HOST` opens the game's menu, `… watch CODE` / `… join CODE`
/// a match, drawn in this process (no shell, no process per session). Sessions are counted,
/// timed and metered by `SSHLimits`; see docs/SECURITY.md.
public final class SSHServer: Sendable {
    /// The port it listens on (the one picked when 0 was asked for).
    public let port: Int
    public let hostKey: SSHHostKey
    private let listener: any Channel
    private let registry: SSHSessionRegistry
    private let admission: SSHAdmission

    private init(port: Int, hostKey: SSHHostKey, listener: any Channel, registry: SSHSessionRegistry,
                 admission: SSHAdmission) {
        self.port = port
        self.hostKey = hostKey
        self.listener = listener
        self.registry = registry
        self.admission = admission
    }

    /// Listens on `host:port` and runs `app` for every session that asks for a shell or a match.
    /// - Parameter addressKey: what the per-address limits count a peer under (the game server's
    ///   own rule, so both front doors count an address alike).
    public static func start(host: String, port: Int, hostKey: SSHHostKey, limits: SSHLimits = .init(),
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger,
                             addressKey: @escaping @Sendable (SocketAddress?) -> String,
                             app: @escaping SSHSessionApp) async throws -> SSHServer {
        let registry = SSHSessionRegistry()
        let admission = SSHAdmission(maxTotal: limits.maxSessions, maxPerAddress: limits.maxSessionsPerAddress)
        let key = hostKey.privateKey
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let gate = SSHConnectionGate(admission: admission, authSeconds: limits.authSeconds,
                                                 addressKey: addressKey)
                    let auth = SSHAuthDelegate()
                    auth.onLogin = { gate.loginSucceeded() }
                    let peer = addressKey(channel.remoteAddress)
                    var sessionChannels = 0
                    let ssh = NIOSSHHandler(
                        role: .server(.init(hostKeys: [key], userAuthDelegate: auth,
                                            globalRequestDelegate: RefuseGlobalRequests())),
                        allocator: channel.allocator,
                        inboundChildChannelInitializer: { child, type in
                            // One session channel per connection, and only after a login.
                            guard case .session = type, let identity = auth.identity, sessionChannels == 0 else {
                                return child.eventLoop.makeFailedFuture(SSHServerError.channelRefused)
                            }
                            sessionChannels += 1
                            return child.eventLoop.makeCompletedFuture {
                                try child.pipeline.syncOperations.addHandler(SSHSessionHandler(
                                    limits: limits, identity: identity, username: auth.username, peer: peer,
                                    registry: registry, app: app))
                            }
                        })
                    try channel.pipeline.syncOperations.addHandlers([gate, ssh, SSHErrorCloser(logger: logger)])
                }
            }
            .bind(host: host, port: port).get()
        guard let bound = listener.localAddress?.port else {
            try? await listener.close()
            throw SSHServerError.cannotListen
        }
        return SSHServer(port: bound, hostKey: hostKey, listener: listener, registry: registry, admission: admission)
    }

    /// Sessions running now.
    public var sessionCount: Int { registry.count }

    /// Stops accepting, tells every session `goodbye` (a line on its screen) and closes it.
    public func stop(goodbye: String = "tennis: the server is shutting down; goodbye") async {
        try? await listener.close()
        registry.sayGoodbye(goodbye)
        // Give the goodbyes a moment to leave (bounded: the channels close regardless).
        for _ in 0..<40 where registry.count > 0 || admission.counts.total > 0 {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Why the ssh server refused something.
public enum SSHServerError: Error, CustomStringConvertible {
    case channelRefused
    case cannotListen

    public var description: String {
        switch self {
        case .channelRefused: "only one session channel per connection, after login"
        case .cannotListen: "the ssh listener has no port"
        }
    }
}

/// Port forwarding (tcpip-forward) and every other global request: refused.
struct RefuseGlobalRequests: GlobalRequestDelegate {}

/// Closes a connection whose SSH layer failed (a protocol error, a bad MAC): logged, not fatal.
final class SSHErrorCloser: ChannelInboundHandler {
    typealias InboundIn = Any
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("ssh connection closed", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
