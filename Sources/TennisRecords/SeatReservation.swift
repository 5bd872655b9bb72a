/// What the directory answered a node that is about to send a player to the match's owner.
public enum SeatReservation: Sendable, Equatable {
    /// The owner holds a seat for whoever presents `token` in its hello before it lapses.
    case reserved(owner: String, token: String)
    /// Send the client to the owner without a reservation, for `reason`.
    case unreserved(owner: String, reason: Unreserved = .privateMatch)
    /// Both seats are taken or held by live reservations.
    case full
    /// The match is over.
    case over
    /// No other live node hosts the code.
    case unknown

    /// Why a player is sent on without a held seat.
    public enum Unreserved: String, Sendable, Equatable {
        /// Only the owner can check a private match's invite secret, so nobody else may hold its seats.
        case privateMatch = "private_match"
        /// The client's address holds a live reservation for this match already: one is enough
        /// (a token is never handed out twice: the address may be a NAT or proxy shared by others).
        case alreadyHolding = "holds_a_live_reservation"
        /// The client's address left too many reservations unused in the last minute (holding
        /// seats without taking them keeps others out).
        case overBudget = "too_many_unused_reservations"
    }

    /// A fresh reservation token: 128 random bits as 32 hex digits, like a seat token.
    public static func newToken() -> String { Secrets.seatToken() }
}

/// What a player's hello brings to the owner's seating, decided under the match's lock in the
/// directory (so a reservation and a direct join never both get the last seat).
public struct SeatClaim: Sendable, Equatable {
    /// Seats of the match that other clients' live reservations hold.
    public var held: Int
    /// What the hello's reservation turned out to be; nil when it had none.
    public var reservation: ReservationCheck?

    public init(held: Int, reservation: ReservationCheck?) {
        self.held = held
        self.reservation = reservation
    }
}

/// A presented reservation, checked by the owner.
public enum ReservationCheck: Sendable, Equatable {
    /// It was live and for this match on this node; it is now used up.
    case redeemed
    /// It was made for this match but lapsed before it was presented.
    case expired
    /// No such reservation: never made, already used, or made for another match or node.
    case unknown
}
