import Logging
import TennisProtocol

/// A hello's way through the cluster: the node that lacks its match sends it on (holding a
/// seat for a player), and the owner seats a new player under the directory's lock on the match.
extension SessionHandler {
    typealias Joined = (welcome: ServerMessage.Welcome, seat: Int?)

    /// For a hello naming a match this node lacks: the redirect to its owner (with a seat
    /// reservation for a new player), or the refusal the owner would give; nil when no live
    /// node hosts it (or the directory cannot be read).
    func redirect(_ hello: ClientMessage.Hello, through directory: any MatchDirectory) async -> SessionFailure? {
        let code = hello.code.uppercased()
        do {
            if hello.role == .player, hello.token == nil {
                switch try await directory.reserveSeat(code: code) {
                case .reserved(let owner, let token): return .moved(to: owner, reservation: token)
                case .unreserved(let owner): return .moved(to: owner)
                case .full: return SessionFailure(JoinError.matchFull)
                case .over: return SessionFailure(JoinError.matchOver)
                case .unknown: return nil
                }
            }
            // Spectators are not held places (a match takes thousands), and a returning player's
            // seat is already theirs: both are simply sent to the owner.
            return try await directory.owner(of: code).map { SessionFailure.moved(to: $0) }
        } catch {
            logger.warning("the directory could not say where the match is", metadata: [
                "match": "\(code)", "error": "\(String(reflecting: error))",
            ])
            return nil
        }
    }

    /// Seats or admits the hello in `host`. With a directory, a new player's seat is decided
    /// inside the directory's lock on the match: it redeems the hello's reservation, or may not
    /// take a seat held for someone else's. Without one (or when it fails) the seat is decided
    /// here alone and a reservation counts for nothing.
    func join(_ host: MatchHost, _ hello: ClientMessage.Hello, connection: ConnectionID,
              outlet: any ConnectionOutlet) async throws(JoinError)
        -> Joined
    {
        guard let directory, hello.role == .player, hello.token == nil else {
            return try host.join(hello, connection: connection, outlet: outlet)
        }
        let outcome: Result<Joined, JoinError>
        do {
            outcome = try await directory.admitPlayer(code: host.code, reservation: hello.reservation) { claim in
                let seated: Result<Joined, JoinError>
                switch claim.reservation {
                case .expired?: seated = .failure(.reservationExpired)
                case .unknown?: seated = .failure(.badReservation)
                case .redeemed?, nil:
                    // A redeemed reservation was itself one of the holds: it takes any free seat.
                    let held = claim.reservation == .redeemed ? 0 : claim.held
                    do throws(JoinError) {
                        seated = .success(try host.join(hello, connection: connection, held: held, outlet: outlet))
                    } catch {
                        seated = .failure(error)
                    }
                }
                return (seated, DirectoryEntry(summary: host.summary, isPrivate: host.invite != nil))
            }
        } catch {
            logger.warning("the directory could not hold the seat decision; seating without it", metadata: [
                "match": "\(host.code)", "error": "\(String(reflecting: error))",
            ])
            return try host.join(hello, connection: connection, outlet: outlet)
        }
        return try outcome.get()
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
