import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every route: Hummingbird's WebSocket context plus the peer's address,
/// which the connection limits count by.
public struct TennisRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// The key the per-address limits count the peer under (`AddressKey`: the IPv4 address, or
    /// the IPv6 /64; "unknown" when the channel does not say).
    public let peer: String
    /// The connection's channel: after a WebSocket upgrade, the match writes to it directly.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.peer = AddressKey.of(source.channel.remoteAddress)
        self.channel = source.channel
    }
}
