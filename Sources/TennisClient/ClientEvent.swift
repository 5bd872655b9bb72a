import TennisCore
import TennisProtocol

/// What one connection to a match reports, decoded once at the edge into typed values: the
/// link opening, everything the server says, and the connection's end.
public enum ClientEvent: Sendable, Equatable {
    /// The WebSocket handshake finished and the hello went out.
    case opened
    case welcome(ServerMessage.Welcome)
    case roster(ServerMessage.Roster)
    case snapshot(Snapshot)
    /// Something that happened in the rally (a serve, a hit, a point, the match…).
    case play(tick: UInt32, MatchEvent)
    /// The match was awarded to `winner` because the other player left or never came back.
    case forfeit(tick: UInt32, winner: Int)
    /// A round trip measured by a ping, in microseconds.
    case roundTrip(micros: UInt64)
    case error(code: String, message: String)
    /// The match lives on another node of the cluster (`moved`, then close 4307).
    case moved(ServerMessage.Redirect)
    /// A chat line or reaction from someone in the match (sanitised by the server).
    case chat(ServerMessage.Chat)
    /// Both players asked for a rematch: it is this match (with our seat's token, if we play).
    case rematch(ServerMessage.Rematch)
    /// The connection is gone; `reason` says why when known.
    case closed(code: UInt16?, reason: String?)

    /// The typed event for a server `event` message; nil for kinds this version does not know.
    public init?(tick: UInt32, _ event: WireEvent) {
        if event.kind == "forfeit" {
            guard let winner = event.player, (0...1).contains(winner) else { return nil }
            self = .forfeit(tick: tick, winner: winner)
        } else if let known = event.matchEvent {
            self = .play(tick: tick, known)
        } else {
            return nil
        }
    }
}

extension ClientEvent {
    /// The typed event for a JSON message from the server; nil for one this version ignores.
    /// `nowMicros` (on `MonotonicClock`) turns a pong's echoed time into a round trip.
    public init?(_ message: ServerMessage, nowMicros: UInt64) {
        switch message {
        case .welcome(let welcome): self = .welcome(welcome)
        case .roster(let roster): self = .roster(roster)
        case .event(let tick, let event):
            // Typed once, here; kinds this version does not know are dropped.
            guard let typed = ClientEvent(tick: tick, event) else { return nil }
            self = typed
        case .pong(_, let clientTime, _): self = .roundTrip(micros: nowMicros &- clientTime)
        case .error(let code, let message): self = .error(code: code, message: message)
        case .moved(let redirect): self = .moved(redirect)
        case .chat(let chat): self = .chat(chat)
        case .rematch(let rematch): self = .rematch(rematch)
        }
    }

    /// The node to reconnect to, and the seat reservation to present there, when this is the
    /// server's `moved` refusal (the match lives on another node of a cluster); nil otherwise.
    public var movedTo: ServerMessage.Redirect? {
        guard case .moved(let redirect) = self, redirect.url.hasPrefix("ws://") || redirect.url.hasPrefix("wss://")
        else { return nil }
        return redirect
    }
}
