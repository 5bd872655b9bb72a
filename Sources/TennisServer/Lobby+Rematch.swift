import TennisCore
import TennisProtocol
import TennisRecords

extension Lobby {
    /// A player in `seat` of `host`'s match asks for a rematch (`rematch` message). When both
    /// have, a match of the same format, surface and privacy is made on this server with their
    /// seats held for them (new tokens, a new seed), and everyone in the old one is told where
    /// (`ServerMessage.rematch`). A player who asks when it cannot be gets `rematch_refused`.
    func rematch(of host: MatchHost, seat: Int, connection: ConnectionID) {
        func refuse(_ why: String) {
            metrics.rejected("rematch_refused")
            host.send(.json(ServerMessage.error(code: "rematch_refused", message: why).encode()), to: connection)
        }
        switch host.askRematch(seat: seat) {
        case .refused(let why): refuse(why)
        case .waiting: break
        case .made(let code):
            if let made = match(code: code) {
                host.announceRematch(code: code, tokens: made.seatTokens, invite: host.invite, only: connection)
            }
        case .ready(let names):
            do {
                let code = try create(format: host.config.format, surface: host.config.surface, seed: nil,
                                      invite: host.invite, reserved: names)
                guard let made = match(code: code) else { return refuse("the rematch could not be made") }
                logger.info("rematch made", metadata: ["match": "\(host.code)", "rematch": "\(code)"])
                host.announceRematch(code: code, tokens: made.seatTokens, invite: host.invite)
            } catch {
                host.rematchFailed()
                refuse("\(error)")
            }
        }
    }
}

extension MatchHost {
    /// Holds both seats for `names` before anyone can join: each is taken with its token
    /// (`seatTokens`), and counts as away until then, so the grace period runs as after a
    /// dropped connection.
    func reserveSeats(for names: PerPlayer<String>) {
        state.withLock { inner in
            for index in 0..<2 {
                inner.room.seats[index] = Seat(name: names[index], token: Secrets.seatToken(), connection: nil,
                                               disconnectedAt: inner.room.roomTick)
            }
            inner.room.refreshStatus()
        }
    }

    /// The seats' tokens, left then right ("" for an empty seat).
    var seatTokens: PerPlayer<String> {
        state.withLock { PerPlayer($0.room.seats.left?.token ?? "", $0.room.seats.right?.token ?? "") }
    }
}
