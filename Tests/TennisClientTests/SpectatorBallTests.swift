import TennisCore
import TennisProtocol
import Testing

@testable import TennisClient

/// A spectator draws the ball between two snapshots it has, through the hits between them.
@Suite struct SpectatorBallTests {
    /// Every tick's view of a bot match (level 4 against 3, so rallies have hits).
    private func botMatchViews(seed: UInt64, ticks: Int, surface: Surface) -> [MatchView] {
        var state = MatchState(config: MatchConfig(seed: seed, surface: surface))
        var bots = PerPlayer(Bot(level: 4, seed: seed &+ 1), Bot(level: 3, seed: seed &+ 2))
        var events: [MatchEvent] = []
        var views: [MatchView] = []
        for _ in 0..<ticks {
            let view = state.view
            views.append(view)
            state.step(inputs: PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view)),
                       events: &events)
        }
        return views
    }

    private func distance(_ a: Vec3, _ b: Vec3) -> Double { SpectatorBall.distance(a, b) }

    /// Pictures every fifth tick (12 Hz), as a busy server sends them: at every tick between
    /// two, the ball drawn is where the server had it (to rounding), hits, serves and the ends of
    /// points included.
    /// Run forward from the earlier picture alone (what the client drew before), it flies on
    /// past the racket.
    @Test func atTwelvePicturesASecondTheBallDrawnBetweenTwoFollowsTheServersThroughHits() {
        for surface in [Surface.hard, .clay] {
            let views = botMatchViews(seed: 7, ticks: 6_000, surface: surface)
            var hits = 0, serves = 0, ends = 0, worst = 0.0, worstForward = 0.0
            for start in stride(from: 0, to: views.count - 5, by: 5) {
                let a = views[start], b = views[start + 5]
                guard SpectatorBall.flies(a), SpectatorBall.flies(b), a.ball.visible, b.ball.visible else { continue }
                if a.phase == .serving, b.phase == .rally { serves += 1 }
                if a.phase == .rally, b.phase == .pointOver { ends += 1 }
                if b.ball.lastHitter != a.ball.lastHitter { hits += 1 }
                for k in 0...5 {
                    let drawn = SpectatorBall.position(from: a, to: b, ticks: Double(k), surface: surface)
                    let truth = views[start + k].ball.position
                    worst = max(worst, distance(drawn, truth))
                    let forward = BallExtrapolator.position(a, after: Double(k) / 60, surface: surface)
                    worstForward = max(worstForward, distance(forward, truth))
                }
            }
            #expect(hits > 20 && serves > 5 && ends > 5,
                    "a match with rallies: \(hits) hits, \(serves) serves, \(ends) ends of points between pictures on \(surface)")
            #expect(worst < 0.001, "drawn where the server had it at every tick, \(worst) m off on \(surface)")
            #expect(worstForward > 1, "run forward alone it misses the hits: \(worstForward) on \(surface)")
        }
    }

    /// Between hits the ball runs forward exactly, fractions of a tick included.
    @Test func withoutAHitTheBallFollowsThePhysicsExactly() {
        let a = MatchView.rally(ball: BallView(position: Vec3(x: -8, y: 1, z: 1), velocity: Vec3(x: 12, y: -1, z: 2),
                                               visible: true, lastHitter: 0, bounces: 0, spin: 0.5))
        var b = a
        var ball = a.ball.ball
        for _ in 0..<3 { _ = Physics.step(&ball, dt: Physics.dt, surface: .grass) }
        b.tick = a.tick + 3
        b.ball.position = ball.position
        b.ball.velocity = ball.velocity
        #expect(SpectatorBall.position(from: a, to: b, ticks: 3, surface: .grass) == ball.position)
        var half = a.ball.ball
        _ = Physics.step(&half, dt: Physics.dt * 1.5, surface: .grass)
        #expect(distance(SpectatorBall.position(from: a, to: b, ticks: 1.5, surface: .grass), half.position) < 1e-9)
        // Out of range, it stays at the ends.
        #expect(SpectatorBall.position(from: a, to: b, ticks: -2, surface: .grass) == a.ball.position)
    }

    /// A serve struck (no rally to run forward from) or a long gap: a straight line between the two.
    @Test func outOfARallyItGoesStraightFromOneToTheOther() {
        var a = MatchView.rally(ball: BallView(position: Vec3(x: -12, y: 1, z: 2.5), velocity: Vec3(x: 0, y: 0, z: 0),
                                               visible: true, lastHitter: -1, bounces: 0))
        a.phase = .serving
        var b = MatchView.rally(ball: BallView(position: Vec3(x: -8, y: 1, z: 2), velocity: Vec3(x: 25, y: 0, z: -1),
                                               visible: true, lastHitter: 0, bounces: 0))
        b.tick = a.tick + 4
        let middle = SpectatorBall.position(from: a, to: b, ticks: 2, surface: .hard)
        #expect(distance(middle, Vec3(x: -10, y: 1, z: 2.25)) < 1e-9)
    }

    /// The spectator's whole picture is one moment: the buffer's ball is at the tick between
    /// the two snapshots around `now - delay`, as the players are.
    @Test func aSpectatorsBallIsDrawnAtTheMomentItsPlayersAre() throws {
        let views = botMatchViews(seed: 3, ticks: 2_400, surface: .hard)
        var presenter = ViewPresenter()
        presenter.welcome(seat: nil)
        let dt = 1.0 / 60
        var checked = 0
        for tick in stride(from: 0, to: views.count, by: 5) {
            var snapshot = rallySnapshot(tick: views[tick].tick, leftX: 0, ack: 0)
            snapshot.view = views[tick]
            presenter.observe(snapshot, arrived: Double(tick) * dt)
            guard tick > 600 else { continue }
            for step in 0..<5 {
                let now = (Double(tick) + Double(step)) * dt
                let presented = presenter.present(now: now, surface: .hard)
                let view = try #require(presented)
                guard let drawn = presenter.drawnTick, case .between = presenter.buffer.moment(at: now) else { continue }
                let index = Int(drawn.rounded(.down)) - Int(views[0].tick)
                guard index >= 0, index + 1 < views.count, views[index].phase == .rally, views[index + 1].phase == .rally
                else { continue }
                // The server's ball at that moment: between its two ticks (a ball moves well
                // under 0.3 m in a tick, so the straight line between them is close enough).
                let truth = SpectatorBall.lerp(views[index].ball.position, views[index + 1].ball.position,
                                               drawn - drawn.rounded(.down))
                #expect(distance(view.ball.position, truth) < 0.3, "at tick \(drawn): \(view.ball.position), not \(truth)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }
}

extension MatchView {
    /// A rally view at tick 100 with `ball`.
    fileprivate static func rally(ball: BallView) -> MatchView {
        var view = rallySnapshot(tick: 100, leftX: -10, ack: 0).view
        view.phase = .rally
        view.ball = ball
        return view
    }
}
