import Testing

@testable import TennisCore

/// Plays bots against each other for `ticks`, recording the inputs as the server does.
func recordedBotMatch(seed: UInt64, ticks: Int) -> (MatchState, Replay) {
    var state = MatchState(config: MatchConfig(seed: seed, format: .tiebreak))
    var bots = PerPlayer(Bot(level: 2, seed: seed &+ 1), Bot(level: 4, seed: seed &+ 2))
    var log = InputLog()
    var events: [MatchEvent] = []
    for _ in 0..<ticks {
        let view = state.view
        let inputs = PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view))
        log.record(tick: state.tick, inputs: inputs)
        state.step(inputs: inputs, events: &events)
    }
    return (state, Replay(config: state.config, log: log, finalTick: state.tick, finalHash: state.stateHash))
}

@Suite struct ReplayTests {
    @Test func aReplayReproducesTheMatchBitForBit() throws {
        let (original, replay) = recordedBotMatch(seed: 99, ticks: 6_000)
        #expect(original.score.pointsPlayed > 0)
        let replayed = try replay.verify()
        #expect(replayed == original)
        #expect(replayed.stateHash == original.stateHash)
    }

    @Test func theLogKeepsOnlyChanges() {
        let (_, replay) = recordedBotMatch(seed: 5, ticks: 3_000)
        #expect(replay.log.entries.count < 3_000, "far fewer entries than ticks × seats")
        #expect(replay.log.entries.count > 10)
        let ticks = replay.log.entries.map(\.tick)
        #expect(ticks == ticks.sorted())
    }

    @Test func aTamperedOrForeignReplayIsRefused() {
        var (_, replay) = recordedBotMatch(seed: 7, ticks: 2_000)
        var entries = replay.log.entries
        // Tamper with a stretch of entries (a single one may fall where it changes nothing, e.g.
        // just before the players are placed for the next serve).
        for i in entries.count / 2..<entries.count / 2 + 20 {
            entries[i].input = PlayerInput(moveX: -entries[i].input.moveX, moveY: 1, swing: .lob)
        }
        var tampered = replay
        tampered.log = InputLog(entries: entries)
        #expect(throws: Replay.Mismatch.self) { try tampered.verify() }
        replay.simulationVersion = 0
        #expect(throws: Replay.Mismatch.incompatibleVersion(recorded: 0, current: Replay.simulationVersion)) {
            try replay.verify()
        }
    }
}
