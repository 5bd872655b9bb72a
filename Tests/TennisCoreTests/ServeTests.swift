import Testing
@testable import TennisCore

private let idle = PerPlayer(PlayerInput.idle, PlayerInput.idle)

/// Steps `state` `ticks` times with the server pressing `swing` on the listed toss ticks.
private func steps(_ state: inout MatchState, _ ticks: Int, press: Set<Int> = [], kind: ShotKind = .drive)
    -> [MatchEvent]
{
    var all: [MatchEvent] = []
    for i in 0..<ticks {
        var inputs = idle
        if press.contains(i) { inputs[Int(state.score.server)] = PlayerInput(swing: kind) }
        var events: [MatchEvent] = []
        state.step(inputs: inputs, events: &events)
        all += events
    }
    return all
}

/// Tosses on tick 0 and strikes `offset` ticks after the ideal contact; returns the state just after the serve.
private func serve(seed: UInt64, offset: Int, kind: ShotKind = .drive) -> (MatchState, [MatchEvent]) {
    var s = MatchState(config: MatchConfig(seed: seed))
    let hitAt = Int(Physics.tossIdealTicks) + offset
    let events = steps(&s, hitAt + 1, press: [0, hitAt], kind: kind)
    return (s, events)
}

/// Follows a served ball until the serve is called: true if it landed in the box.
private func serveIsIn(_ state: MatchState) -> Bool {
    var s = state
    for _ in 0..<400 {
        var events: [MatchEvent] = []
        s.step(inputs: idle, events: &events)
        for event in events {
            if case .bounce(_, let inside) = event { return inside }
            if case .fault = event { return false }
        }
    }
    return false
}

@Suite struct ServeTests {
    @Test func firstSwingTossesTheBallAboveTheServer() {
        var s = MatchState(config: MatchConfig(seed: 1))
        let events = steps(&s, 1, press: [0])
        #expect(events.isEmpty && s.tossing && s.phase == .serving)
        var top = 0.0
        for _ in 0..<Int(Physics.tossIdealTicks) {
            _ = steps(&s, 1)
            top = max(top, s.ball.position.z)
            let server = s.players[0].position
            #expect(abs(s.ball.position.x - server.x) < 0.5 && abs(s.ball.position.y - server.y) < 0.01)
        }
        #expect(top > 2.5)
        let v = s.view
        #expect(v.tossing && v.ball.visible && v.tossTicks == Physics.tossIdealTicks && v.tossTiming == 0)
        #expect(v.phase == .serving && v.ball.position.z > 2.5)
    }

    @Test func anUnstruckTossIsCaughtThenFaults() {
        var s = MatchState(config: MatchConfig(seed: 2))
        var events = steps(&s, 200, press: [0])
        #expect(events.isEmpty)
        #expect(!s.tossing && !s.ballVisible && s.tossCatches == 1 && s.phase == .serving)
        events = steps(&s, 200, press: [0])
        #expect(events.isEmpty && s.tossCatches == 2)
        events = steps(&s, 200, press: [0])
        #expect(events.contains(.fault(serveNumber: 1)))
        #expect(s.serveNumber == 2 && s.score.points == PerPlayer(0, 0))
    }

    @Test func tossIsCaughtAroundOneMetre() {
        var s = MatchState(config: MatchConfig(seed: 2))
        _ = steps(&s, 1, press: [0])
        var lowest = 9.0
        while s.tossing {
            lowest = min(lowest, s.ball.position.z)
            _ = steps(&s, 1)
        }
        #expect(lowest <= Physics.tossCatchHeight + 0.1 && lowest > Physics.tossCatchHeight - 0.1)
    }

    @Test func pressesRightAfterTheTossAreIgnored() {
        var s = MatchState(config: MatchConfig(seed: 3))
        let events = steps(&s, 4, press: [0, 1, 2, 3])
        #expect(events.isEmpty && s.tossing)
    }

    @Test func perfectTimingServesFasterThanLateOrEarly() {
        let (perfect, e1) = serve(seed: 4, offset: 0)
        let (late, _) = serve(seed: 4, offset: 14)
        let (early, _) = serve(seed: 4, offset: -14)
        #expect(e1.contains(.serve(player: 0)) && perfect.phase == .rally && perfect.serveInPlay)
        #expect(perfect.ball.velocity.x > late.ball.velocity.x && perfect.ball.velocity.x > early.ball.velocity.x)
        let (flat, _) = serve(seed: 4, offset: 0, kind: .flat)
        let (slice, _) = serve(seed: 4, offset: 0, kind: .slice)
        #expect(flat.ball.velocity.x > perfect.ball.velocity.x && flat.ball.velocity.x > slice.ball.velocity.x)
        #expect(perfect.ball.spin > 0.3 && slice.ball.spin < 0 && abs(flat.ball.spin) < 0.1)
    }

    @Test func serveTimingGrades() {
        let ideal = Physics.tossIdealTicks
        #expect(Shot.serveTiming(tossTicks: ideal) == .perfect)
        #expect(Shot.serveTiming(tossTicks: ideal + 3) == .perfect && Shot.serveTiming(tossTicks: ideal - 3) == .perfect)
        #expect(Shot.serveTiming(tossTicks: ideal + 6) == .good)
        #expect(Shot.serveTiming(tossTicks: ideal - 15) == .early && Shot.serveTiming(tossTicks: ideal + 15) == .late)
    }

    @Test func goodTimingLandsMoreServesIn() {
        var perfectIn = 0, poorIn = 0
        for seed in UInt64(1)...40 {
            if serveIsIn(serve(seed: seed, offset: 1).0) { perfectIn += 1 }
            if serveIsIn(serve(seed: seed, offset: 22).0) { poorIn += 1 }
        }
        #expect(perfectIn >= 30, "perfect: \(perfectIn) of 40 in")
        #expect(poorIn < perfectIn - 8, "poor: \(poorIn), perfect: \(perfectIn)")
    }

    @Test func wayOffTimingIsAMishitIntoTheNet() {
        for offset in [-33, 31] {
            var (s, events) = serve(seed: 5, offset: offset)
            #expect(events.contains(.serve(player: 0)))
            events = steps(&s, 120)
            #expect(events.prefix(2) == [.netTouch, .fault(serveNumber: 1)], "offset \(offset): \(events)")
        }
    }

    @Test func autoServeIsAnAverageServe() {
        var s = MatchState(config: MatchConfig(seed: 6))
        let events = steps(&s, Int(Physics.autoServeTicks) + 60)
        #expect(events.first == .serve(player: 0))
        // Struck `autoServeTiming` late: slower than a perfect serve, but not a mishit.
        let (perfect, _) = serve(seed: 6, offset: 0)
        var auto = MatchState(config: MatchConfig(seed: 6))
        let autoTick = Int(Physics.autoServeTicks) + 1 + Int(Physics.tossIdealTicks)
            + Int(Physics.autoServeTiming * Physics.serveTimingSpan)
        _ = steps(&auto, autoTick)
        #expect(auto.phase == .rally && auto.rallyHits == 1)
        #expect(auto.ball.velocity.x < perfect.ball.velocity.x && auto.ball.velocity.x > 8)
    }

    @Test func serviceBoxInTheViewMatchesTheReferee() {
        var s = MatchState(config: MatchConfig(seed: 7))
        for _ in 0..<9 {
            let box = s.view.serviceBox
            let centre = Vec2(x: (box.x.lowerBound + box.x.upperBound) / 2, y: (box.y.lowerBound + box.y.upperBound) / 2)
            #expect(s.inServiceBox(centre) && !s.inServiceBox(Vec2(x: centre.x, y: -centre.y)))
            #expect(centre.y * s.serverYSign < 0)  // diagonally opposite the server
            var events: [MatchEvent] = []
            s.score.award(pointTo: Int(s.pointsPlayed % 3 == 0 ? 1 : 0), events: &events)
            s.pointsPlayed += 1
        }
    }

    @Test func serverAndSideAlternateInTheMatch() {
        // Player 0 serves game 1 from +y (their right), player 1 serves game 2 from −y (their right).
        var s = MatchState(config: MatchConfig(seed: 8, format: .short))
        #expect(s.score.server == 0 && s.players[0].position.y > 0 && s.players[0].position.x < 0)
        var events: [MatchEvent] = []
        for _ in 0..<4 { s.endPoint(winner: 0, reason: .ace, events: &events) }
        _ = steps(&s, Int(Physics.pointOverTicks) + 1)
        #expect(s.phase == .serving && s.score.server == 1)
        #expect(s.players[1].position.x > Court.halfLength && s.players[1].position.y < 0)
        #expect(s.players[0].position.y > 0)  // the receiver waits diagonally opposite
        s.endPoint(winner: 1, reason: .ace, events: &events)
        _ = steps(&s, Int(Physics.pointOverTicks) + 1)
        #expect(s.players[1].position.y > 0)  // ad court: the server's left
    }

    @Test func botsTossThenStrikeNearTheIdeal() {
        for level in [1, 5] {
            var offsets: [Int] = []
            for seed in UInt64(1)...12 {
                var s = MatchState(config: MatchConfig(seed: seed))
                var bot = Bot(level: level, seed: seed)
                for _ in 0..<400 where s.phase == .serving {
                    let before = s.tossTicks
                    var events: [MatchEvent] = []
                    s.step(inputs: PerPlayer(bot.input(for: 0, view: s.view), .idle), events: &events)
                    if events.contains(.serve(player: 0)) { offsets.append(Int(before) + 1 - Int(Physics.tossIdealTicks)) }
                }
            }
            #expect(offsets.count == 12, "level \(level) served \(offsets.count) of 12")
            let meanAbs = Double(offsets.map(abs).reduce(0, +)) / Double(max(1, offsets.count))
            if level == 5 { #expect(meanAbs <= 3, "level 5 timing \(offsets)") }
            if level == 1 { #expect(meanAbs >= 3, "level 1 timing \(offsets)") }
        }
    }
}
