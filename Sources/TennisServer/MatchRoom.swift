import TennisCore
import TennisProtocol

/// One seat of a match: who sits there, the secret that proves it, and their live connection.
struct Seat: Sendable {
    var name: String
    var token: String
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

/// The rules of a room, apart from any I/O: seats, inputs, pausing and forfeits.
/// `MatchHost` owns one behind a lock and turns what it returns into messages.
struct MatchRoom {
    var match: MatchState
    var seats: PerPlayer<Seat?> = .init(nil, nil)
    var spectators = 0
    var status: MatchStatus = .waitingForOpponent
    /// The direction each seat holds, kept until the next input.
    var held: PerPlayer<PlayerInput> = .init(repeating: .idle)
    /// A swing asked for since the last tick.
    var pendingSwing: PerPlayer<ShotKind?> = .init(nil, nil)
    var lastSeq: PerPlayer<UInt32> = .init(0, 0)
    /// Ticks of the room's own clock, which runs even while the match is paused.
    var roomTick: UInt64 = 0
    /// The winner by forfeit, when a player never came back.
    var forfeitWinner: Int?
    /// Every input applied to the match, for its replay.
    var log = InputLog()
    let graceTicks: UInt64
    let maxSpectators: Int

    init(config: MatchConfig, graceSeconds: Double, maxSpectators: Int) {
        match = MatchState(config: config)
        graceTicks = UInt64(max(0, graceSeconds) * Double(MatchState.ticksPerSecond))
        self.maxSpectators = maxSpectators
    }

    /// Takes a seat: back into the seat whose token matches, or into the first free one unless
    /// the free seats are all `held` for players with a reservation (in a cluster).
    mutating func seat(name: String, token: String?, connection: ConnectionID, held: Int = 0) throws(JoinError)
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
                // A new connection numbers its inputs from 1 again.
                lastSeq[index] = 0
                refreshStatus()
                return (index, seat.token)
            }
            throw .badToken
        }
        let free = (0..<2).filter { seats[$0] == nil }.count
        guard free > held else { throw .matchFull }
        for index in 0..<2 where seats[index] == nil {
            let seat = Seat(name: name, token: Secrets.seatToken(), connection: connection)
            seats[index] = seat
            refreshStatus()
            return (index, seat.token)
        }
        throw .matchFull
    }

    mutating func addSpectator() throws(JoinError) {
        guard spectators < maxSpectators else { throw .tooManySpectators }
        spectators += 1
    }

    /// Forgets a connection: a spectator leaves; a player's seat waits for a reconnect.
    mutating func disconnect(_ connection: ConnectionID, seat: Int?) {
        guard let seat else {
            spectators = max(0, spectators - 1)
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

    /// Records an input from a seated connection; stale or repeated sequence numbers are ignored.
    mutating func apply(_ frame: InputFrame, seat: Int) {
        guard frame.sequence > lastSeq[seat] else { return }
        lastSeq[seat] = frame.sequence
        held[seat] = PlayerInput(moveX: frame.input.moveX, moveY: frame.input.moveY)
        if let swing = frame.input.swing { pendingSwing[seat] = swing }
    }

    /// Advances the room by one tick, appending what happened to `events`.
    mutating func tick(events: inout [MatchEvent]) {
        roomTick += 1
        switch status {
        case .playing:
            var inputs = held
            for index in 0..<2 {
                inputs[index].swing = pendingSwing[index]
                pendingSwing[index] = nil
            }
            log.record(tick: match.tick, inputs: inputs)
            match.step(inputs: inputs, events: &events)
            if match.score.winner >= 0 { status = .finished }
        case .paused:
            checkForfeit()
        case .waitingForOpponent, .finished:
            break
        }
    }

    private mutating func checkForfeit() {
        for index in 0..<2 {
            guard let since = seats[index]?.disconnectedAt, roomTick - since >= graceTicks else { continue }
            forfeitWinner = 1 - index
            status = .finished
            return
        }
    }

    private mutating func refreshStatus() {
        guard status != .finished else { return }
        let both = seats.left != nil && seats.right != nil
        let connected = seats.left?.connection != nil && seats.right?.connection != nil
        if !both {
            status = .waitingForOpponent
        } else {
            status = connected ? .playing : .paused
        }
    }

    var names: [String] { [seats.left?.name ?? "", seats.right?.name ?? ""] }

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

    /// The match so far as a replay.
    var replay: Replay {
        Replay(config: match.config, log: log, finalTick: match.tick, finalHash: match.stateHash)
    }

    func snapshot(now: UInt64) -> Snapshot {
        Snapshot(serverTimeMicros: now, lastInputSeq: lastSeq, status: status, view: match.view)
    }
}
