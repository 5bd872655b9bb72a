import TennisCore
import TennisProtocol
import TennisRecords

/// One seat of a match: who sits there, the secret that proves it, and their live connection.
struct Seat: Sendable {
    var name: String
    var token: String
    /// The key its player proved when taking the seat (nil: anonymous).
    var fingerprint: String? = nil
    var connection: ConnectionID?
    /// The room tick at which the seat lost its connection.
    var disconnectedAt: UInt64?
}

/// Identifies one WebSocket connection inside the server.
struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    let value: UInt64
    var description: String { "c\(value)" }
}

/// Why a `hello` could not be honoured.
enum JoinError: Error, Equatable {
    case matchFull
    case badToken
    case seatInUse
    case matchOver
    case tooManySpectators
    /// The hello's seat reservation is unknown, used, or for another match.
    case badReservation
    /// The hello's seat reservation lapsed before it was presented.
    case reservationExpired

    var code: String {
        switch self {
        case .matchFull: "match_full"
        case .badToken: "bad_token"
        case .seatInUse: "seat_in_use"
        case .matchOver: "match_over"
        case .tooManySpectators: "too_many_spectators"
        case .badReservation, .reservationExpired: "bad_reservation"
        }
    }

    var message: String {
        switch self {
        case .matchFull: "both seats are taken; watch instead"
        case .badToken: "that seat token is not valid for this match"
        case .seatInUse: "that seat is connected elsewhere"
        case .matchOver: "the match is over"
        case .tooManySpectators: "this match has as many spectators as it can take"
        case .badReservation: "that seat reservation is not valid for this match; join without it"
        case .reservationExpired: "that seat reservation has expired; join without it"
        }
    }

    var closeCode: UInt16 {
        switch self {
        case .matchFull, .seatInUse: WireProtocol.CloseCode.matchFull
        case .badToken, .badReservation, .reservationExpired: WireProtocol.CloseCode.forbidden
        case .matchOver: WireProtocol.CloseCode.matchOver
        case .tooManySpectators: WireProtocol.CloseCode.matchFull
        }
    }
}

/// The rules of a room, apart from any I/O: seats, inputs, pausing, forfeits and retirement.
/// `MatchHost` owns one behind a lock and turns what it returns (`RoomTick`) into messages.
struct MatchRoom {
    var match: MatchState
    var seats: PerPlayer<Seat?> = .init(nil, nil)
    var spectators = 0
    /// Spectators of other nodes' relays.
    var relayedAudience = 0
    var status: MatchStatus = .waitingForOpponent
    /// The direction each seat holds, kept until the next input.
    var held: PerPlayer<PlayerInput> = .init(repeating: .idle)
    /// A swing asked for since the last tick.
    var pendingSwing: PerPlayer<ShotKind?> = .init(nil, nil)
    /// The last input sequence applied for each seat; nil before its connection's first input.
    var lastSeq: PerPlayer<UInt32?> = .init(nil, nil)
    /// Ticks of the room's own clock, which runs even while the match is paused.
    var roomTick: UInt64 = 0
    /// The winner by forfeit, when a player never came back.
    var forfeitWinner: Int?
    /// The match's statistics so far, for every `welcome`.
    var tally = PointTally()
    /// Every input applied to the match, for its replay.
    var log = InputLog()
    /// Spectators came or went since the last roster: it is due on a later tick (a few times a
    /// second), not once per join, so a join storm is not N² messages.
    var rosterStale = false
    /// A practice pause (`hold`).
    private(set) var onHold = false
    /// Ticks in a row the room has been empty or finished.
    var idleTicks: UInt64 = 0
    let graceTicks: UInt64
    let maxSpectators: Int
    /// Idle ticks after which the room is retired.
    let lingerTicks: UInt64
    /// Room ticks after which a room nobody has taken a seat in is retired.
    let unjoinedExpiryTicks: UInt64

    init(config: MatchConfig, graceSeconds: Double, maxSpectators: Int, lingerSeconds: Double = 120,
         unjoinedExpirySeconds: Double = Lobby.defaultUnjoinedExpirySeconds) {
        match = MatchState(config: config)
        graceTicks = Self.ticks(graceSeconds)
        lingerTicks = Self.ticks(lingerSeconds)
        unjoinedExpiryTicks = Self.ticks(unjoinedExpirySeconds)
        self.maxSpectators = maxSpectators
    }

    private static func ticks(_ seconds: Double) -> UInt64 {
        UInt64(max(0, seconds) * Double(MatchState.ticksPerSecond))
    }

    /// Takes a seat: back into the seat whose token matches, or into the first free one unless
    /// the free seats are all `held` for players with a reservation (in a cluster).
    mutating func seat(name: String, token: String?, connection: ConnectionID, held: Int = 0,
                       fingerprint: String? = nil) throws(JoinError)
        -> (Int, String)
    {
        if status == .finished { throw .matchOver }
        if let token {
            for index in 0..<2 {
                guard var seat = seats[index], Secrets.constantTimeEquals(seat.token, token) else { continue }
                if seat.connection != nil { throw .seatInUse }
                seat.connection = connection
                seat.disconnectedAt = nil
                seats[index] = seat
                // A new connection numbers its inputs afresh.
                lastSeq[index] = nil
                refreshStatus()
                idleTicks = 0
                return (index, seat.token)
            }
            throw .badToken
        }
        let free = (0..<2).filter { seats[$0] == nil }.count
        guard free > held else { throw .matchFull }
        for index in 0..<2 where seats[index] == nil {
            let seat = Seat(name: name, token: Secrets.seatToken(), fingerprint: fingerprint, connection: connection)
            seats[index] = seat
            refreshStatus()
            idleTicks = 0
            return (index, seat.token)
        }
        throw .matchFull
    }

    /// Spectators elsewhere, as the cluster's directory last said.
    mutating func setRelayedAudience(_ count: Int) {
        guard count != relayedAudience else { return }
        relayedAudience = count
        rosterStale = true
    }

    /// Adds a spectator; `pastLimit` (another node's relay) even when `maxSpectators` are here.
    mutating func addSpectator(pastLimit: Bool = false) throws(JoinError) {
        guard pastLimit || spectators < maxSpectators else { throw .tooManySpectators }
        spectators += 1
        rosterStale = true
        idleTicks = 0
    }

    /// Forgets a connection: a spectator leaves; a player's seat waits for a reconnect.
    mutating func disconnect(_ connection: ConnectionID, seat: Int?) {
        guard let seat else {
            spectators = max(0, spectators - 1)
            rosterStale = true
            return
        }
        guard var current = seats[seat], current.connection == connection else { return }
        current.connection = nil
        current.disconnectedAt = roomTick
        seats[seat] = current
        held[seat] = .idle
        pendingSwing[seat] = nil
        refreshStatus()
    }

    /// Records an input from a seated connection. Its first input is applied whatever its number
    /// (0 included); after that, one numbered at or below the last applied is stale and ignored.
    mutating func apply(_ frame: InputFrame, seat: Int) {
        if let last = lastSeq[seat], frame.sequence <= last { return }
        lastSeq[seat] = frame.sequence
        held[seat] = PlayerInput(moveX: frame.input.moveX, moveY: frame.input.moveY)
        if let swing = frame.input.swing { pendingSwing[seat] = swing }
    }

    mutating func refreshStatus() {
        guard status != .finished else { return }
        let both = seats.left != nil && seats.right != nil
        let connected = seats.left?.connection != nil && seats.right?.connection != nil
        if !both {
            status = .waitingForOpponent
        } else {
            status = connected && !onHold ? .playing : .paused
        }
    }

    /// Holds (or releases) a practice match: paused with both players present, the clock of the
    /// rally stopped; swings pressed meanwhile are forgotten. Only the process that hosts a
    /// practice match calls this (there is no message for it: an online opponent cannot pause).
    mutating func hold(_ on: Bool) {
        guard onHold != on else { return }
        onHold = on
        pendingSwing = .init(nil, nil)
        refreshStatus()
    }

    var names: [String] { [seats.left?.name ?? "", seats.right?.name ?? ""] }

    /// Each seat's key fingerprint (nil: anonymous or empty).
    var fingerprints: [String?] { [seats.left?.fingerprint, seats.right?.fingerprint] }

    /// For each seat: a player without an identity sits there.
    var anonymous: [Bool] { [seats.left.map { $0.fingerprint == nil } ?? false, seats.right.map { $0.fingerprint == nil } ?? false] }

    /// Whole seconds each away player has left to come back (nil for a present or empty seat).
    var graceLeft: [Int?] {
        (0..<2).map { index in
            guard status == .paused, let since = seats[index]?.disconnectedAt else { return nil }
            let left = graceTicks > roomTick - since ? graceTicks - (roomTick - since) : 0
            return Int((left + UInt64(MatchState.ticksPerSecond) - 1) / UInt64(MatchState.ticksPerSecond))
        }
    }
    var connected: [Bool] { [seats.left?.connection != nil, seats.right?.connection != nil] }

    /// Someone has taken a seat (a seat stays its player's until the match ends).
    var hadPlayers: Bool { seats.left != nil || seats.right != nil }

    /// Nobody is connected at all.
    var isEmpty: Bool { spectators == 0 && !connected.contains(true) }

    /// The winning seat once the match is over, by play or by forfeit.
    var winner: Int? { match.score.winner >= 0 ? Int(match.score.winner) : forfeitWinner }

    /// The match so far as a replay.
    var replay: Replay {
        Replay(config: match.config, log: log, finalTick: match.tick, finalHash: match.stateHash)
    }

    /// What everyone sees: the match, and once the room is finished (by play or by forfeit) the
    /// phase `matchOver` and the winner, so a keyframe alone tells how it ended. The match itself
    /// is left as it was (its replay plays the same inputs to the same state).
    var view: MatchView {
        var view = match.view
        if status == .finished {
            view.phase = .matchOver
            if let winner { view.score.winner = Int8(winner) }
        }
        return view
    }

    func snapshot(now: UInt64) -> Snapshot {
        Snapshot(serverTimeMicros: now, lastInputSeq: PerPlayer(lastSeq.left ?? 0, lastSeq.right ?? 0),
                 status: status, view: view)
    }
}
