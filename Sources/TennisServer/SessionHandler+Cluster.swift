import Logging
import Synchronization
import TennisProtocol
import TennisRecords

/// A hello's way through the cluster: the node that lacks its match sends it on (holding a
/// seat for a player), and the owner seats a new player under the directory's lock on the match.
extension SessionHandler {
    typealias Joined = (welcome: ServerMessage.Welcome, seat: Int?)

    /// Where a hello for a match this node lacks goes.
    enum ClusterLookup {
        /// Sent on to the owner, or refused as the owner would refuse it.
        case answered(SessionFailure)
        /// The directory says no live node hosts it: a failed join, like an unknown code on one node.
        case nowhere
        /// The directory could not say (known down, failed, or too slow): not the client's fault.
        case unanswered
    }

    /// For a hello naming a match this node lacks: the redirect to its owner (with a seat
    /// reservation for a new player), or the refusal the owner would give; `.nowhere` when no live
    /// node hosts it; `.unanswered` when the directory is known down, fails or does not answer in
    /// time (the link logs the outage once).
    /// - Parameter peer: the client's address: it may leave only so many reservations unused
    ///   a minute, and holds at most one live reservation per match.
    func redirect(_ hello: ClientMessage.Hello, peer: String, through link: DirectoryLink) async -> ClusterLookup {
        let code = hello.code.uppercased()
        let budget = settings.maxUnusedReservationsPerMinute
        do {
            if hello.role == .player, hello.token == nil {
                let reservation = try await link.ask("reserve a seat") {
                    try await $0.reserveSeat(code: code, client: peer, budget: budget)
                }
                switch reservation {
                case .reserved(let owner, let token): return .answered(.moved(to: owner, reservation: token))
                case .unreserved(let owner, let reason):
                    if reason != .privateMatch {
                        logger.notice("sending a player on without a reservation", metadata: [
                            "match": "\(code)", "peer": "\(peer)", "reason": "\(reason.rawValue)",
                        ])
                    }
                    return .answered(.moved(to: owner))
                case .full: return .answered(SessionFailure(JoinError.matchFull))
                case .over: return .answered(SessionFailure(JoinError.matchOver))
                case .unknown: return .nowhere
                }
            }
            // Spectators are not held places (a match takes thousands), and a returning player's
            // seat is already theirs: both are simply sent to the owner.
            let owner = try await link.ask("find a match's node") { try await $0.owner(of: code) }
            return owner.map { .answered(.moved(to: $0)) } ?? .nowhere
        } catch {
            logger.debug("the directory could not say where the match is", metadata: [
                "match": "\(code)", "error": "\(String(reflecting: error))",
            ])
            return .unanswered
        }
    }

    /// Seats or admits the hello in `host`. With a directory, a new player's seat is decided
    /// inside the directory's lock on the match: it redeems the hello's reservation, or may not
    /// take a seat held for someone else's. Without one (or when it is known down, fails, or does
    /// not answer in time) the seat is decided here alone and a reservation counts for nothing.
    func join(_ host: MatchHost, _ hello: ClientMessage.Hello, fingerprint: String?, connection: ConnectionID,
              outlet: any ConnectionOutlet) async throws(JoinError)
        -> Joined
    {
        guard let link, hello.role == .player, hello.token == nil else {
            return try host.join(hello, fingerprint: fingerprint, connection: connection, outlet: outlet)
        }
        // The seat is decided once: by the directory's lock, or here if the directory is given up
        // on first (a transaction that answers later then leaves the match alone).
        let decision = SeatDecision()
        let code = host.code, reservation = hello.reservation
        let seated: Result<Joined, JoinError>?
        do {
            seated = try await link.ask("seat a player") { directory in
                try await directory.admitPlayer(code: code, reservation: reservation) { claim in
                    let outcome = decision.decide {
                        switch claim.reservation {
                        case .expired?: return .failure(.reservationExpired)
                        case .unknown?: return .failure(.badReservation)
                        case .redeemed?, nil:
                            // A redeemed reservation was itself one of the holds: it takes any free seat.
                            let held = claim.reservation == .redeemed ? 0 : claim.held
                            do throws(JoinError) {
                                return .success(try host.join(hello, fingerprint: fingerprint,
                                                              connection: connection, held: held, outlet: outlet))
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                    return (outcome, host.directoryEntry)
                }
            }
        } catch {
            // Decided under the lock before the directory failed or went quiet: that stands.
            seated = decision.giveUp()
            if seated == nil {
                logger.debug("the directory could not hold the seat decision; seating without it", metadata: [
                    "match": "\(code)", "error": "\(String(reflecting: error))",
                ])
            }
        }
        if let seated { return try seated.get() }
        return try host.join(hello, fingerprint: fingerprint, connection: connection, outlet: outlet)
    }
}

/// One player's seat decision, made exactly once: inside the directory's transaction, or
/// without the directory once the wait for it is given up.
private final class SeatDecision: Sendable {
    private enum State {
        case open
        case decided(Result<SessionHandler.Joined, JoinError>)
        case givenUp
    }

    private let state = Mutex(State.open)

    /// Runs `seat` (under this decision's lock) unless the wait was given up; nil if it was.
    func decide(_ seat: () -> Result<SessionHandler.Joined, JoinError>) -> Result<SessionHandler.Joined, JoinError>? {
        state.withLock { state in
            guard case .open = state else { return nil }
            let outcome = seat()
            state = .decided(outcome)
            return outcome
        }
    }

    /// Stops waiting for the directory: the outcome if the seat was decided already, else nil
    /// (and the directory's transaction will no longer seat anyone).
    func giveUp() -> Result<SessionHandler.Joined, JoinError>? {
        state.withLock { state in
            if case .decided(let outcome) = state { return outcome }
            state = .givenUp
            return nil
        }
    }
}

extension SessionFailure {
    init(_ error: JoinError) {
        self.init(code: error.code, message: error.message, close: error.closeCode)
    }

    /// Sends the client to the node that hosts its match (close 4307).
    static func moved(to owner: String, reservation: String? = nil) -> SessionFailure {
        SessionFailure(code: "moved", message: owner, close: WireProtocol.CloseCode.moved, reservation: reservation)
    }

    /// What the client reads before the close.
    var serverMessage: ServerMessage {
        code == "moved" ? .moved(.init(url: message, reservation: reservation))
            : .error(code: code, message: message)
    }
}
