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
    /// A chat line or reaction from someone in the match (sanitised by the server).
    case chat(ServerMessage.Chat)
    /// The link dropped; another attempt starts after `delaySeconds`.
    case reconnecting(attempt: Int, delaySeconds: Double)
    /// The connection is gone; `reason` says why when known.
    case closed(code: UInt16?, reason: String?)
}
