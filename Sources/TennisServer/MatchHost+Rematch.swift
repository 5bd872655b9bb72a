import TennisCore
import TennisProtocol

/// Where a match's rematch stands: asked for by one player, then both, then made.
enum RematchState: Sendable, Equatable {
    /// Who has asked so far (left, right).
    case asking(PerPlayer<Bool>)
    /// Both asked; the lobby is making it.
    case making
    /// It is match `code`.
    case made(code: String)

    static let nobody = RematchState.asking(.init(false, false))
}

/// What a player's `rematch` came to.
enum RematchStep: Sendable, Equatable {
    /// Refused, with the reason for the player (`rematch_refused`).
    case refused(String)
    /// Noted: the other player has not asked yet.
    case waiting
    /// Both have asked: make it, seating these names.
    case ready(names: PerPlayer<String>)
    /// Made already (a repeat): where it is.
    case made(code: String)
}

extension MatchHost {
    /// A player in `seat` asks for a rematch. Only once the match is over, and only while both
    /// players are still here to play it; each asks once, the second makes it.
    func askRematch(seat: Int) -> RematchStep {
        state.withLock { inner in
            guard inner.room.status == .finished else { return .refused("the match is not over yet") }
            let names = inner.room.names
            switch inner.rematch {
            case .made(let code): return .made(code: code)
            case .making: return .waiting
            case .asking(var wanted):
                guard inner.room.connected[1 - seat] || wanted[1 - seat] else {
                    return .refused("\(names[1 - seat]) has left")
                }
                wanted[seat] = true
                if wanted.left && wanted.right {
                    inner.rematch = .making
                    inner.broadcastRoster()
                    return .ready(names: PerPlayer(names[0], names[1]))
                }
                inner.rematch = .asking(wanted)
                inner.broadcastRoster()
                return .waiting
            }
        }
    }

    /// The rematch is match `code`: each player gets the token of their seat there (`tokens`,
    /// left then right), spectators the code (and a private match's invite). With `only`, just
    /// that connection is told (a repeat ask after it was made).
    func announceRematch(code: String, tokens: PerPlayer<String>, invite: String?, only: ConnectionID? = nil) {
        let messages = state.withLock { inner -> [(any ConnectionOutlet, Outbound)] in
            inner.rematch = .made(code: code)
            let told = only.map { inner.subscribers[$0].map { [$0] } ?? [] } ?? Array(inner.subscribers.values)
            return told.map { subscriber in
                let seat = inner.seatOf[subscriber.connection]
                let rematch = ServerMessage.Rematch(code: code, token: seat.map { tokens[$0] },
                                                    invite: seat == nil ? invite : nil)
                return (subscriber.outlet, .json(ServerMessage.rematch(rematch).encode()))
            }
        }
        for (outlet, message) in messages { outlet.send(message) }
    }

    /// Making the rematch failed (the server is full): the players may ask again.
    func rematchFailed() {
        state.withLock { inner in
            inner.rematch = .nobody
            inner.broadcastRoster()
        }
    }
}
