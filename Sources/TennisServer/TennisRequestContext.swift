import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's, plus the peer's address, which the
/// connection limits count by.
public struct TennisRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The key the per-address limits count the peer under (`AddressKey`: the IPv4 address, or
    /// the IPv6 /64; "unknown" when the channel does not say).
    public let peer: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peer = AddressKey.of(source.channel.remoteAddress)
    }
}
