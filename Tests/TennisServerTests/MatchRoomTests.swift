import TennisCore
import TennisProtocol
import Testing

@testable import TennisServer

@Suite struct MatchRoomTests {
    let a = ConnectionID(value: 1)
    let b = ConnectionID(value: 2)

    func room(grace: Double = 1) -> MatchRoom {
        MatchRoom(config: MatchConfig(seed: 3, format: .tiebreak), graceSeconds: grace, maxSpectators: 2)
    }

    @Test func seatsFillThenTheMatchPlays() throws {
        var room = room()
        #expect(room.status == .waitingForOpponent)
        let (first, tokenA) = try room.seat(name: "A", token: nil, connection: a)
        #expect(first == 0)
        #expect(tokenA.count == 32)
        #expect(room.status == .waitingForOpponent)
        let (second, tokenB) = try room.seat(name: "B", token: nil, connection: b)
        #expect(second == 1)
        #expect(tokenA != tokenB)
        #expect(room.status == .playing)
        #expect(throws: JoinError.matchFull) { try room.seat(name: "C", token: nil, connection: ConnectionID(value: 3)) }
    }

    @Test func aPracticeHoldStopsTheRallyAndForgetsSwingsPressedMeanwhile() throws {
        var room = room()
        _ = try room.seat(name: "A", token: nil, connection: a)
        _ = try room.seat(name: "B", token: nil, connection: b)
        for _ in 0..<10 { _ = room.tick() }
        let before = room.match.tick
        room.hold(true)
        #expect(room.status == .paused)
        #expect(room.graceLeft == [nil, nil], "nobody is away: no countdown, no forfeit")
        room.apply(InputFrame(sequence: 1, input: PlayerInput(swing: .lob)), seat: 0)
        for _ in 0..<(120 * MatchState.ticksPerSecond) { #expect(room.tick().ended == nil) }
        #expect(room.match.tick == before, "the rally's clock stood still")
        room.hold(false)
        #expect(room.status == .playing)
        #expect(room.pendingSwing[0] == nil)
        _ = room.tick()
        #expect(room.match.tick == before + 1)
    }

    @Test func nothingMovesUntilBothPlayersAreThere() throws {
        var room = room()
        _ = try room.seat(name: "A", token: nil, connection: a)
        var events: [MatchEvent] = []
        for _ in 0..<120 { events += room.tick().events }
        #expect(room.match.tick == 0)
        _ = try room.seat(name: "B", token: nil, connection: b)
        for _ in 0..<120 { events += room.tick().events }
        #expect(room.match.tick == 120)
    }

    @Test func aDroppedPlayerPausesTheMatchAndCanComeBackWithTheToken() throws {
        var room = room()
        let (_, tokenA) = try room.seat(name: "A", token: nil, connection: a)
        _ = try room.seat(name: "B", token: nil, connection: b)
        room.disconnect(a, seat: 0)
        #expect(room.status == .paused)
        var events: [MatchEvent] = []
        events += room.tick().events
        let frozen = room.match.tick
        events += room.tick().events
        #expect(room.match.tick == frozen)
        #expect(throws: JoinError.badToken) { try room.seat(name: "X", token: "nope", connection: ConnectionID(value: 9)) }
        let (seat, _) = try room.seat(name: "A", token: tokenA, connection: ConnectionID(value: 5))
        #expect(seat == 0)
        #expect(room.status == .playing)
    }

    @Test func aPlayerWhoNeverReturnsForfeits() throws {
        var room = room(grace: 0.5)
        _ = try room.seat(name: "A", token: nil, connection: a)
        _ = try room.seat(name: "B", token: nil, connection: b)
        room.disconnect(b, seat: 1)
        for _ in 0..<29 { #expect(room.tick().ended == nil) }
        #expect(room.status == .paused)
        #expect(room.tick().ended == .forfeit, "the 30th tick (0.5 s) says the match ended, and how")
        #expect(room.status == .finished)
        #expect(room.forfeitWinner == 0)
        #expect(room.winner == 0)
        #expect(room.view.phase == .matchOver && room.view.score.winner == 0, "what everyone sees says who won")
        #expect(room.match.phase == .serving, "the match itself is left as its replay has it")
        #expect(throws: JoinError.matchOver) { try room.seat(name: "C", token: nil, connection: ConnectionID(value: 3)) }
    }

    @Test func aConnectionsFirstInputIsAppliedWhateverItsNumberEvenZero() throws {
        var room = room()
        let (_, token) = try room.seat(name: "A", token: nil, connection: a)
        _ = try room.seat(name: "B", token: nil, connection: b)
        room.apply(InputFrame(sequence: 0, input: PlayerInput(moveX: 1)), seat: 0)
        #expect(room.held.left.moveX == 1, "sequence 0 as a first input is applied")
        #expect(room.lastSeq.left == 0)
        room.apply(InputFrame(sequence: 0, input: PlayerInput(moveX: -1)), seat: 0)
        #expect(room.held.left.moveX == 1, "a repeated 0 is not")
        room.apply(InputFrame(sequence: 1, input: PlayerInput(moveX: -1)), seat: 0)
        #expect(room.held.left.moveX == -1)
        // A new connection to the seat starts afresh, from 0 again if it likes.
        room.disconnect(a, seat: 0)
        _ = try room.seat(name: "A", token: token, connection: ConnectionID(value: 7))
        room.apply(InputFrame(sequence: 0, input: PlayerInput(moveY: 1)), seat: 0)
        #expect(room.held.left.moveY == 1)
    }

    @Test func inputsAreHeldSwingsAreEdgesAndStaleSequencesIgnored() throws {
        var room = room()
        _ = try room.seat(name: "A", token: nil, connection: a)
        _ = try room.seat(name: "B", token: nil, connection: b)
        room.apply(InputFrame(sequence: 5, input: PlayerInput(moveX: 1, swing: .drive)), seat: 0)
        room.apply(InputFrame(sequence: 4, input: PlayerInput(moveX: -1)), seat: 0)
        #expect(room.lastSeq.left == 5)
        #expect(room.held.left.moveX == 1)
        #expect(room.pendingSwing.left == .drive)
        var events: [MatchEvent] = []
        events += room.tick().events
        #expect(room.pendingSwing.left == nil)
        #expect(room.held.left.moveX == 1)
    }

    @Test func spectatorsAreCountedAndCapped() throws {
        var room = room()
        try room.addSpectator()
        try room.addSpectator()
        #expect(throws: JoinError.tooManySpectators) { try room.addSpectator() }
        room.disconnect(ConnectionID(value: 7), seat: nil)
        #expect(room.spectators == 1)
    }
}
