import Testing
import TestSupport
@testable import TennisCore

/// Plays bot against bot and tallies points won and hits per point.
private func tally(seed: UInt64, levels: PerPlayer<Int>, format: MatchFormat, maxTicks: Int)
    -> (state: MatchState, pointsWon: PerPlayer<Int>, hitsPerPoint: [Int])
{
    var state = MatchState(config: MatchConfig(seed: seed, format: format))
    var bots = PerPlayer(Bot(level: levels.left, seed: seed &* 31), Bot(level: levels.right, seed: seed &* 37))
    var events: [MatchEvent] = []
    var won = PerPlayer(0, 0)
    var hits: [Int] = []
    for _ in 0..<maxTicks where state.phase != .matchOver {
        let view = state.view
        state.step(inputs: PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view)), events: &events)
        for event in events {
            if case .point(let winner, _) = event {
                won[winner] += 1
                hits.append(Int(state.rallyHits))
            }
        }
        events.removeAll(keepingCapacity: true)
    }
    return (state, won, hits)
}

@Suite struct BotTests {
    @Test func evenBotsFinishATiebreakWithRallies() {
        let maxTicks = 60 * 60 * 15  // 15 minutes of match time
        let result = tally(seed: 5, levels: PerPlayer(3, 3), format: .tiebreak, maxTicks: maxTicks)
        #expect(result.state.score.isOver && result.state.phase == .matchOver)
        #expect(result.pointsWon.left > 0 && result.pointsWon.right > 0)
        #expect(result.hitsPerPoint.filter { $0 >= 3 }.count >= 3, "hits per point: \(result.hitsPerPoint)")
    }

    @Test(.cpuBound) func strongerBotBeatsLevelOne() {
        var strongWins = 0
        for seed in UInt64(1)...20 {
            let strong = Int(seed % 2)  // alternate sides
            var levels = PerPlayer(1, 1)
            levels[strong] = 4
            let result = MatchState.playBotMatch(
                config: MatchConfig(seed: seed, format: .tiebreak), levels: levels, botSeed: seed, maxTicks: 60 * 60 * 15)
            #expect(result.state.score.isOver)
            if Int(result.state.score.winner) == strong { strongWins += 1 }
        }
        // Level 4 wins ≈ 94 % of tiebreaks against level 1 over 100 (release runs of `Simulation.simulate`).
        #expect(strongWins >= 16, "level 4 won \(strongWins) of 20")
    }

    @Test func playBotMatchCountsPoints() {
        let result = MatchState.playBotMatch(
            config: MatchConfig(seed: 3, format: .tiebreak), levels: PerPlayer(2, 5), botSeed: 9, maxTicks: 60 * 60 * 15)
        #expect(result.state.score.isOver)
        #expect(result.points == Int(result.state.pointsPlayed) && result.points >= 7)
        #expect(result.ticks == Int(result.state.tick))
        // Bounded: stops at maxTicks even when unfinished.
        let short = MatchState.playBotMatch(
            config: MatchConfig(seed: 3), levels: PerPlayer(3, 3), botSeed: 9, maxTicks: 500)
        #expect(short.ticks == 500 && !short.state.score.isOver)
    }

    @Test func botServesAfterAHumanLikePause() {
        var state = MatchState(config: MatchConfig(seed: 1))
        var bot = Bot(level: 3, seed: 2)
        var events: [MatchEvent] = []
        var servedAt: UInt32?
        for _ in 0..<300 where servedAt == nil {
            state.step(inputs: PerPlayer(bot.input(for: 0, view: state.view), .idle), events: &events)
            if events.contains(.serve(player: 0)) { servedAt = state.tick }
        }
        let tick = try! #require(servedAt)
        #expect(tick >= 20 && tick <= 150)
    }

    @Test(.cpuBound) func strongBotsWinPointsOutright() {
        // Level 5 against level 3: a good share of level 5's points are winners (the ball bounced
        // twice on the other side, or an ace), and it comes to the net to volley and smash.
        var outright = 0, won = 0, netStrokes = 0
        for seed in UInt64(1)...3 {
            var state = MatchState(config: MatchConfig(seed: seed, format: .tiebreak))
            var bots = PerPlayer(Bot(level: 5, seed: seed), Bot(level: 3, seed: seed &+ 100))
            var events: [MatchEvent] = []
            for _ in 0..<(60 * 60 * 15) where state.phase != .matchOver {
                let view = state.view
                events.removeAll(keepingCapacity: true)
                state.step(inputs: PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view)),
                           events: &events)
                for event in events {
                    switch event {
                    case .hit(player: 0, _, _) where state.lastStroke == .volley || state.lastStroke == .smash:
                        netStrokes += 1
                    case .point(winner: 0, let reason):
                        won += 1
                        if reason == .doubleBounce || reason == .ace { outright += 1 }
                    default: break
                    }
                }
            }
        }
        #expect(won >= 15)
        #expect(outright * 5 >= won, "level 5 won \(outright) of its \(won) points outright")
        #expect(netStrokes >= 3, "level 5 volleyed or smashed \(netStrokes) times")
    }

    @Test func levelsAreClamped() {
        #expect(Bot(level: 0, seed: 1).level == 1)
        #expect(Bot(level: 9, seed: 1).level == 5)
    }
}
