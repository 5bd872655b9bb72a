import TennisCore
import Testing

@testable import tennis

/// The replay screen's model: seeking by point and speed, without a terminal.
@Suite struct ReplayPlaybackTests {
    static func sample() -> Replay {
        let config = MatchConfig(seed: 5, format: .tiebreak)
        var state = MatchState(config: config)
        var bots = PerPlayer(Bot(level: 3, seed: 1), Bot(level: 3, seed: 2))
        var log = InputLog()
        var events: [MatchEvent] = []
        while state.phase != .matchOver, state.tick < 60_000 {
            let view = state.view
            let inputs = PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view))
            log.record(tick: state.tick, inputs: inputs)
            state.step(inputs: inputs, events: &events)
        }
        return Replay(config: config, log: log, finalTick: state.tick, finalHash: state.stateHash)
    }

    @Test func seeksByPointAndEndsOnTheRecordedState() {
        let replay = Self.sample()
        var playback = ReplayPlayback(replay: replay)
        #expect(playback.checkpoints.count > 3)
        #expect(playback.pointIndex == 0)
        playback.nextPoint()
        playback.nextPoint()
        #expect(playback.pointIndex == 2)
        #expect(playback.state.phase == .serving)
        #expect(playback.state.pointsPlayed == 2)
        playback.previousPoint()  // just started: back to the point before
        #expect(playback.pointIndex == 1)
        var events: [MatchEvent] = []
        playback.advance(seconds: 2, events: &events)  // 2 s at 1×: 120 ticks
        #expect(playback.state.tick == playback.checkpoints[1].state.tick + 120)
        playback.previousPoint()  // well into the point: back to its start
        #expect(playback.pointIndex == 1 && playback.state.tick == playback.checkpoints[1].state.tick)
        for _ in 0..<playback.checkpoints.count { playback.nextPoint() }
        #expect(playback.atEnd)
        #expect(playback.state.stateHash == replay.finalHash)
        playback.restart()
        #expect(playback.state.tick == 0)
    }

    @Test func speedRunsFromAQuarterToEightTimes() {
        var playback = ReplayPlayback(replay: Self.sample())
        for _ in 0..<10 { playback.slower() }
        #expect(playback.speedText == "0.25×")
        var events: [MatchEvent] = []
        playback.advance(seconds: 1, events: &events)
        #expect(playback.state.tick == 15)
        for _ in 0..<10 { playback.faster() }
        #expect(playback.speedText == "8×")
        playback.paused = true
        playback.advance(seconds: 1, events: &events)
        #expect(playback.state.tick == 15)
    }
}
