import TennisCore
import TennisProtocol
import Testing

@testable import TennisClient

/// A snapshot of a rally with the left player at `x`, acknowledging `ack`.
func rallySnapshot(tick: UInt32, leftX: Double, ack: UInt32) -> Snapshot {
    var state = MatchState(config: MatchConfig(seed: 1))
    var view = state.view
    view.tick = tick
    view.phase = .rally
    view.players.left.position = Vec2(x: leftX, y: 0)
    state.tick = tick
    return Snapshot(serverTimeMicros: 0, lastInputSeq: PerPlayer(ack, 0), status: .playing, view: view)
}

@Suite struct OwnPlayerPredictorTests {
    @Test func withoutAnAcknowledgementItShowsTheServerPosition() {
        var predictor = OwnPlayerPredictor(seat: 0)
        let snapshot = rallySnapshot(tick: 100, leftX: -10, ack: 0)
        predictor.observe(snapshot, localTick: 200)
        #expect(predictor.position(snapshot, localTick: 200) == Vec2(x: -10, y: 0))
    }

    @Test func unacknowledgedMovementIsReplayedOnTopOfTheServerPosition() {
        var predictor = OwnPlayerPredictor(seat: 0)
        // Input 1 (idle) sent at local tick 200 and applied by the server at its tick 100 → offset 100.
        predictor.sent(.idle, seq: 1, localTick: 200)
        let first = rallySnapshot(tick: 100, leftX: -10, ack: 1)
        predictor.observe(first, localTick: 210)
        #expect(predictor.offset == 100)
        // At local tick 220 the player presses right; 10 ticks later the server hasn't seen it yet.
        predictor.sent(PlayerInput(moveX: 1), seq: 2, localTick: 220)
        let stale = rallySnapshot(tick: 120, leftX: -10, ack: 1)
        predictor.observe(stale, localTick: 230)
        let predicted = predictor.position(stale, localTick: 230)
        #expect(predicted.x > -10, "the press shows at once, before the server echoes it")
        // The same movement through the core, for 10 ticks from rest.
        var reference = PlayerState(position: Vec2(x: -10, y: 0))
        for _ in 0..<10 { reference.move(input: PlayerInput(moveX: 1), side: -1, dt: MatchState.dt) }
        #expect(abs(predicted.x - reference.position.x) < 1e-9)
    }

    @Test func whenTheServerHasCaughtUpPredictionAddsNothing() {
        var predictor = OwnPlayerPredictor(seat: 0)
        predictor.sent(.idle, seq: 1, localTick: 50)
        let snapshot = rallySnapshot(tick: 10, leftX: -8, ack: 1)
        predictor.observe(snapshot, localTick: 50)
        #expect(predictor.position(snapshot, localTick: 50) == Vec2(x: -8, y: 0))
    }

    @Test func servingPositionsComeFromTheServer() {
        var predictor = OwnPlayerPredictor(seat: 0)
        predictor.sent(PlayerInput(moveX: 1), seq: 1, localTick: 0)
        var snapshot = rallySnapshot(tick: 0, leftX: -12, ack: 1)
        snapshot.view.phase = .serving
        predictor.observe(snapshot, localTick: 30)
        #expect(predictor.position(snapshot, localTick: 30) == Vec2(x: -12, y: 0))
    }
}

@Suite struct SnapshotBufferTests {
    @Test func theOpponentIsInterpolatedBetweenSnapshots() {
        var buffer = SnapshotBuffer()
        for tick in 0..<10 {
            buffer.insert(rallySnapshot(tick: UInt32(tick), leftX: -10 + Double(tick) * 0.1, ack: 0),
                          arrived: Double(tick) / 60)
        }
        let delay = buffer.delay
        #expect(abs(delay - 1.0 / 60) < 1e-6, "steady arrivals: one tick of delay")
        let position = buffer.interpolatedPosition(of: 0, at: 5.5 / 60 + delay)
        #expect(abs((position?.x ?? 0) - (-9.45)) < 1e-6)
    }

    @Test func jitterWidensTheDelay() {
        var buffer = SnapshotBuffer()
        var time = 0.0
        for tick in 0..<40 {
            time += tick % 2 == 0 ? 0.004 : 0.029
            buffer.insert(rallySnapshot(tick: UInt32(tick), leftX: 0, ack: 0), arrived: time)
        }
        #expect(buffer.delay > 1.0 / 60 + 0.01)
    }

    @Test func atTwentyPicturesASecondTheDelayCoversTheGapAndTheOpponentMovesEveryFrame() {
        var buffer = SnapshotBuffer()
        // The newest state every third tick, steadily: the server's lower rate under load.
        for tick in stride(from: 0, to: 120, by: 3) {
            buffer.insert(rallySnapshot(tick: UInt32(tick), leftX: Double(tick) * 0.01, ack: 0), arrived: Double(tick) / 60)
        }
        #expect(abs(buffer.delay - 3.0 / 60) < 0.002, "delay \(buffer.delay)")
        // Drawn at 60 frames a second until the next picture is due: a new position every frame.
        let drawn = (0..<3).compactMap { frame in
            buffer.interpolatedPosition(of: 0, at: 117.0 / 60 + Double(frame) / 60)?.x
        }
        #expect(drawn.count == 3)
        for (a, b) in zip(drawn, drawn.dropFirst()) { #expect(b > a, "\(drawn)") }
    }
}

@Suite struct BallExtrapolatorTests {
    @Test func theBallIsAdvancedWithTheSimulationsPhysics() {
        var view = rallySnapshot(tick: 1, leftX: -10, ack: 0).view
        view.ball = BallView(position: Vec3(x: 0, y: 0, z: 2), velocity: Vec3(x: 6, y: 0, z: 0), visible: true,
                             lastHitter: 0, bounces: 0)
        let later = BallExtrapolator.position(view, after: 0.1, surface: .hard)
        var reference = Ball(position: view.ball.position, velocity: view.ball.velocity)
        for _ in 0..<6 { _ = Physics.step(&reference, dt: MatchState.dt, surface: .hard) }
        #expect(later == reference.position)
        #expect(later.x > 0.5 && later.z < 2)
        view.phase = .pointOver
        #expect(BallExtrapolator.position(view, after: 0.1, surface: .hard) == view.ball.position)
    }
}
