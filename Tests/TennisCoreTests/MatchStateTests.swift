import Testing
import TestSupport
@testable import TennisCore

private let idle = PerPlayer(PlayerInput.idle, PlayerInput.idle)

/// Steps `state` with `inputs` until `stop` matches an event (or `maxTicks`); returns all events.
@discardableResult
private func run(
    _ state: inout MatchState, inputs: PerPlayer<PlayerInput> = idle, maxTicks: Int = 2_000,
    until stop: (MatchEvent) -> Bool
) -> [MatchEvent] {
    var all: [MatchEvent] = []
    for _ in 0..<maxTicks {
        var events: [MatchEvent] = []
        state.step(inputs: inputs, events: &events)
        all += events
        if events.contains(where: stop) { break }
    }
    return all
}

/// Has the server toss and strike at the ideal moment, then replaces the ball's velocity with
/// one that lands at `target` (a scripted serve, free of random error and spin).
private func scriptedServe(_ state: inout MatchState, to target: Vec2) {
    var swing = idle
    swing[Int(state.score.server)] = PlayerInput(swing: .drive)
    var events: [MatchEvent] = []
    state.step(inputs: swing, events: &events)  // the toss
    for _ in 1..<Physics.tossIdealTicks { state.step(inputs: idle, events: &events) }
    state.step(inputs: swing, events: &events)  // the hit
    #expect(events.contains(.serve(player: Int(state.score.server))))
    state.ball.velocity = Shot.launchVelocity(from: state.ball.position, to: target, time: 0.9, clearance: 0.1)
    state.ball.spin = 0
}

/// Waits through a pause until the next serve is ready.
private func waitForServe(_ state: inout MatchState) {
    for _ in 0..<200 where state.phase != .serving {
        var events: [MatchEvent] = []
        state.step(inputs: idle, events: &events)
    }
}

@Suite struct MatchStateTests {
    @Test func startPositionsDeuceCourt() {
        let s = MatchState(config: MatchConfig(seed: 1))
        #expect(s.phase == .serving && !s.view.ball.visible && s.serveNumber == 1)
        let server = s.players[0].position, receiver = s.players[1].position
        #expect(server.x < -Court.halfLength && server.y > 0)  // player 0's right is +y
        #expect(receiver.x > Court.halfLength && receiver.y < 0)  // diagonally opposite
        #expect(s.serviceBoxYSign < 0)
    }

    @Test func serverMovesOnlySidewaysInHalf() {
        var s = MatchState(config: MatchConfig(seed: 1))
        let x = s.players[0].position.x
        var events: [MatchEvent] = []
        for _ in 0..<120 { s.step(inputs: PerPlayer(PlayerInput(moveX: 1, moveY: -1), .idle), events: &events) }
        #expect(s.players[0].position.x == x)
        #expect(s.players[0].position.y >= 0.2 - 1e-12)
        #expect(events.isEmpty && s.phase == .serving)
    }

    @Test func serveIntoTheBoxIsInAndAnAce() {
        var s = MatchState(config: MatchConfig(seed: 2))
        scriptedServe(&s, to: Vec2(x: 5, y: -2))
        let events = run(&s) { if case .point = $0 { true } else { false } }
        guard case .bounce(let at, inside: true) = events.first else {
            Issue.record("expected a good bounce first, got \(events)")
            return
        }
        #expect(at.x > 0 && at.x <= Court.serviceLineFromNet && at.y < 0)  // player 1's deuce box
        #expect(!events.contains { if case .fault = $0 { true } else { false } })
        #expect(events.last == .point(winner: 0, reason: .ace))
        #expect(s.score.points == PerPlayer(1, 0) && s.phase == .pointOver)
        waitForServe(&s)
        #expect(s.phase == .serving && s.players[0].position.y < 0)  // ad court now
    }

    @Test func longServesFaultThenDoubleFault() {
        var s = MatchState(config: MatchConfig(seed: 3))
        scriptedServe(&s, to: Vec2(x: 8, y: -2))
        var events = run(&s) { if case .fault = $0 { true } else { false } }
        #expect(events.contains(.fault(serveNumber: 1)))
        #expect(s.serveNumber == 2 && s.score.points == PerPlayer(0, 0))
        waitForServe(&s)
        #expect(s.phase == .serving && s.serveNumber == 2)
        scriptedServe(&s, to: Vec2(x: 3, y: 2))  // wrong box
        events = run(&s) { if case .point = $0 { true } else { false } }
        #expect(events.suffix(2) == [.fault(serveNumber: 2), .point(winner: 1, reason: .doubleFault)])
        #expect(s.score.points == PerPlayer(0, 1) && s.serveNumber == 1)
    }

    @Test func serveIntoTheNetIsAFault() {
        var s = MatchState(config: MatchConfig(seed: 4))
        scriptedServe(&s, to: Vec2(x: 5, y: -2))
        s.ball.position = Vec3(x: -2, y: -1, z: 0.6)
        s.ball.velocity = Vec3(x: 10, y: -0.5, z: 0)
        let events = run(&s) { if case .fault = $0 { true } else { false } }
        #expect(events == [.netTouch, .fault(serveNumber: 1)])
    }

    @Test func netCordServeInTheBoxIsALet() {
        var s = MatchState(config: MatchConfig(seed: 5))
        scriptedServe(&s, to: Vec2(x: 5, y: -2))
        let y = -1.5
        s.ball.position = Vec3(x: -0.2, y: y, z: Physics.netHeight(atY: y) - 0.012)
        s.ball.velocity = Vec3(x: 4, y: 0, z: 0)
        let events = run(&s) { $0 == .let }
        #expect(events.first == .netTouch && events.last == .let)
        #expect(s.serveNumber == 1 && s.score.points == PerPlayer(0, 0))
        waitForServe(&s)
        #expect(s.phase == .serving && s.serveNumber == 1)
    }

    @Test func rallyCallsOutOwnSideAndRollingBall() {
        func rally(ball: Ball, bounces: UInt8 = 0) -> [MatchEvent] {
            var s = MatchState(config: MatchConfig(seed: 10))
            s.phase = .rally
            s.ballVisible = true
            s.lastHitter = 0
            s.bounces = bounces
            s.ball = ball
            return run(&s) { if case .point = $0 { true } else { false } }
        }
        let long = rally(ball: Ball(position: Vec3(x: -10, y: 0, z: 1), velocity: Vec3(x: 20, y: 0, z: 2)))
        #expect(long.last == .point(winner: 1, reason: .out))
        let own = rally(ball: Ball(position: Vec3(x: -10, y: 0, z: 1), velocity: Vec3(x: 2, y: 0, z: 0)))
        #expect(own.last == .point(winner: 1, reason: .ownSide))
        let net = rally(ball: Ball(position: Vec3(x: -3, y: 0, z: 0.5), velocity: Vec3(x: 10, y: 0, z: 0)))
        #expect(net == [.netTouch, .point(winner: 1, reason: .net)])
        let rolling = rally(ball: Ball(position: Vec3(x: 5, y: 0, z: 0), velocity: Vec3(x: 3, y: 0, z: 0)), bounces: 1)
        #expect(rolling.last == .point(winner: 0, reason: .doubleBounce))
        let twice = rally(ball: Ball(position: Vec3(x: 3, y: 0, z: 1), velocity: Vec3(x: 3, y: 0, z: 0)))
        #expect(twice.last == .point(winner: 0, reason: .doubleBounce))
    }

    @Test func idleServerServesAutomatically() {
        var s = MatchState(config: MatchConfig(seed: 6))
        let events = run(&s, maxTicks: 700) { if case .serve = $0 { true } else { false } }
        #expect(events.first == .serve(player: 0))
        #expect(s.tick > Physics.autoServeTicks && s.tick < Physics.autoServeTicks + 60)
    }

    @Test func receiverReturnsTheServe() {
        // A perfectly timed return by a bot: the ball goes back and the rally continues.
        var s = MatchState(config: MatchConfig(seed: 7))
        var bot = Bot(level: 5, seed: 1)
        scriptedServe(&s, to: Vec2(x: 5, y: -2))
        var events: [MatchEvent] = []
        for _ in 0..<300 where !events.contains(where: { if case .hit = $0 { true } else { false } }) {
            s.step(inputs: PerPlayer(.idle, bot.input(for: 1, view: s.view)), events: &events)
        }
        #expect(events.contains { if case .hit(player: 1, _, _) = $0 { true } else { false } })
        #expect(s.lastHitter == 1 && s.ball.velocity.x < 0 && s.phase == .rally)
    }

    @Test func matchOverOnlyAdvancesTick() {
        var s = MatchState(config: MatchConfig(seed: 8, format: .tiebreak))
        s.phase = .matchOver
        let before = s
        var events: [MatchEvent] = []
        s.step(inputs: PerPlayer(PlayerInput(moveX: 1, swing: .drive), .idle), events: &events)
        #expect(events.isEmpty && s.tick == before.tick + 1)
        s.tick = before.tick
        #expect(s == before)
    }

    @Test(.cpuBound) func sameSeedAndInputsAreBitIdentical() {
        func run(seed: UInt64) -> UInt64 {
            var s = MatchState(config: MatchConfig(seed: seed, format: .set, surface: .clay))
            var bots = PerPlayer(Bot(level: 4, seed: 11), Bot(level: 2, seed: 12))
            var events: [MatchEvent] = []
            for _ in 0..<20_000 {
                let v = s.view
                s.step(inputs: PerPlayer(bots.left.input(for: 0, view: v), bots.right.input(for: 1, view: v)), events: &events)
                events.removeAll(keepingCapacity: true)
            }
            #expect(s.pointsPlayed > 5)
            return s.stateHash
        }
        let a = run(seed: 42)
        #expect(a == run(seed: 42))
        #expect(a != run(seed: 43))
    }

    @Test func stateHashSeesEveryChange() {
        let s = MatchState(config: MatchConfig(seed: 9))
        var t = s
        t.ball.position.z = s.ball.position.z.nextUp
        #expect(s.stateHash != t.stateHash)
        t = s
        t.players[1].velocity.y = 1
        #expect(s.stateHash != t.stateHash)
        #expect(s.stateHash == MatchState(config: MatchConfig(seed: 9)).stateHash)
    }
}
