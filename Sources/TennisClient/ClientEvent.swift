import TennisProtocol

/// Something the server said, or the connection's end, as the client's consumer sees it.
public enum ClientEvent: Sendable {
    case welcome(ServerMessage.Welcome)
    case roster(ServerMessage.Roster)
    case snapshot(Snapshot)
    case event(tick: UInt32, WireEvent)
    /// A round trip measured by a ping, in microseconds.
    case roundTrip(micros: UInt64)
    case error(code: String, message: String)
    /// The match lives on another node of the cluster (`moved`, then close 4307).
    case moved(ServerMessage.Redirect)
    /// A chat line or reaction from someone in the match (sanitised by the server).
    case chat(ServerMessage.Chat)
    /// The link dropped; another attempt starts after `delaySeconds`.
    case reconnecting(attempt: Int, delaySeconds: Double)
    /// The connection is gone; `reason` says why when known.
    case closed(code: UInt16?, reason: String?)
}

extension ClientEvent {
    /// The node to reconnect to, and the seat reservation to present there, when this is the
    /// server's `moved` refusal (the match lives on another node of a cluster); nil otherwise.
    public var movedTo: ServerMessage.Redirect? {
        guard case .moved(let redirect) = self, redirect.url.hasPrefix("ws://") || redirect.url.hasPrefix("wss://")
        else { return nil }
        return redirect
    }
}
