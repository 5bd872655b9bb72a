import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// The request context of every route: Hummingbird's WebSocket context plus the peer's address,
/// which the connection limits count by.
public struct TennisRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Where the `/ws` route leaves its handler for the upgrade (see `WebSocketSlot`).
    public var webSocket: WebSocketHandlerReference<Self> { slot.reference(closingWith: channel) }
    /// The key the per-address limits count the peer under (`AddressKey`: the IPv4 address, or
    /// the IPv6 /64; "unknown" when the channel does not say).
    public let peer: String
    /// The connection's channel: after a WebSocket upgrade, the match writes to it directly.
    public let channel: any Channel
    private let slot: WebSocketSlot

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.slot = WebSocketSlot()
        self.peer = AddressKey.of(source.channel.remoteAddress)
        self.channel = source.channel
    }
}

/// Holds a request's `WebSocketHandlerReference` until its connection closes, and then lets go.
///
/// hummingbird-websocket 2.8.1 (`RouterMethods.ws` and `WebSocketUpgradeMiddleware`) stores the
/// matched route's handler *together with a copy of the request context* in a lock box that the
/// context itself holds (`context.webSocket.handler`), and nothing ever empties the box: box →
/// stored context → `webSocket` → box is a reference cycle, so every request that reached a
/// WebSocket route — every WebSocket session, valid or refused, and every plain `GET /ws` — kept
/// its context forever, and with it the connection's whole `Channel` (about 5.7 KB a session).
///
/// Here the context holds the reference only through this slot, which drops it once the
/// connection's channel has closed: the cycle is cut and everything in it is freed. After that
/// the slot hands out empty references only (a closed connection is never upgraded), so no new
/// cycle can form.
final class WebSocketSlot: Sendable {
    private struct State {
        var reference: WebSocketHandlerReference<TennisRequestContext>?
        var watching = false
        var released = false
    }

    private let state = Mutex(State())

    /// The request's reference (the same one on every call), let go of when `channel` closes.
    func reference(closingWith channel: any Channel) -> WebSocketHandlerReference<TennisRequestContext> {
        let (reference, watch) = state.withLock { state -> (WebSocketHandlerReference<TennisRequestContext>, Bool) in
            guard !state.released else { return (.init(), false) }
            let reference = state.reference ?? .init()
            state.reference = reference
            defer { state.watching = true }
            return (reference, !state.watching)
        }
        if watch {
            channel.closeFuture.whenComplete { _ in self.release() }
        }
        return reference
    }

    /// Lets go of the reference (and whatever the route stored in it, freed outside the lock).
    func release() {
        let held = state.withLock { state in
            state.released = true
            defer { state.reference = nil }
            return state.reference
        }
        _ = held
    }

    /// Whether a reference is held (tests).
    var holdsReference: Bool { state.withLock { $0.reference != nil } }
}
