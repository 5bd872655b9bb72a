import TennisCore
import TennisProtocol
import Testing

@testable import TennisClient

/// Where the ball in flight will bounce: the shared physics run forward from a snapshot.
@Suite struct NextBounceTests {
    private func view(from position: Vec3, velocity: Vec3, bounces: UInt8 = 0) -> MatchView {
        var view = rallySnapshot(tick: 1, leftX: -10, ack: 0).view
        view.ball = BallView(position: position, velocity: velocity, visible: true, lastHitter: 1, bounces: bounces)
        return view
    }

    @Test func aBallHitTowardsTheLeftLandsOnTheLeftWhereThePhysicsSays() throws {
        let shot = view(from: Vec3(x: 10, y: 1, z: 1.2), velocity: Vec3(x: -9, y: -0.5, z: 1.5))
        let bounce = try #require(BallExtrapolator.nextBounce(shot, surface: .clay))
        #expect(bounce.x < 0 && bounce.x > -11.885, "on the left side, inside the baseline: \(bounce)")
        var reference = shot.ball.ball
        var landed: Vec2?
        while landed == nil { landed = Physics.step(&reference, dt: MatchState.dt, surface: .clay).bounce }
        #expect(bounce == landed)
    }

    @Test func noMarkForABallIntoTheNetOrOneThatHasBounced() {
        let intoNet = view(from: Vec3(x: 3, y: 0, z: 0.5), velocity: Vec3(x: -8, y: 0, z: -0.2))
        #expect(BallExtrapolator.nextBounce(intoNet, surface: .hard) == nil)
        let bounced = view(from: Vec3(x: -5, y: 0, z: 0.4), velocity: Vec3(x: -6, y: 0, z: 1), bounces: 1)
        #expect(BallExtrapolator.nextBounce(bounced, surface: .hard) == nil)
        var serving = view(from: Vec3(x: 10, y: 1, z: 1.2), velocity: Vec3(x: -9, y: 0, z: 2))
        serving.phase = .serving
        #expect(BallExtrapolator.nextBounce(serving, surface: .hard) == nil)
    }
}
