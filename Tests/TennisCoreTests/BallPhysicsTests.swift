import Testing
@testable import TennisCore

/// Steps `ball` until `stop` says so or `maxTicks` pass; returns the results of every step.
private func fly(
    _ ball: inout Ball, surface: Surface = .hard, maxTicks: Int = 2_000, until stop: (Ball, BallStepResult) -> Bool
) -> [BallStepResult] {
    var results: [BallStepResult] = []
    for _ in 0..<maxTicks {
        let r = Physics.step(&ball, surface: surface)
        results.append(r)
        if stop(ball, r) { break }
    }
    return results
}

@Suite struct BallPhysicsTests {
    @Test func itfDropTestOnHard() {
        var ball = Ball(position: Vec3(x: -8, y: 0, z: 2.54), velocity: .zero)
        var bounced = false
        var apex = 0.0
        _ = fly(&ball) { b, r in
            if r.bounce != nil {
                if bounced { return true }
                bounced = true
            }
            if bounced { apex = max(apex, b.position.z) }
            return false
        }
        #expect(bounced)
        #expect(apex >= 1.35 && apex <= 1.47, "rebound \(apex)")
    }

    @Test func gravityFallsMonotonically() {
        var ball = Ball(position: Vec3(x: -5, y: 1, z: 3), velocity: .zero)
        var last = ball.position.z
        var lastSpeed = 0.0
        for _ in 0..<30 {
            _ = Physics.step(&ball, surface: .hard)
            #expect(ball.position.z < last && -ball.velocity.z > lastSpeed)
            last = ball.position.z
            lastSpeed = -ball.velocity.z
        }
        // Scaled gravity: 9.81 × 0.5².
        #expect(abs(Physics.gravity - 2.4525) < 1e-12)
    }

    @Test func ballIntoTheNetStaysOnHittersSide() {
        var ball = Ball(position: Vec3(x: -6, y: 0, z: 0.5), velocity: Vec3(x: 8, y: 0, z: 0))
        let results = fly(&ball, maxTicks: 600) { b, _ in b.isRolling }
        #expect(results.contains { $0.hitNet })
        #expect(!results.contains { $0.clippedTape })
        #expect(ball.position.x < 0)
        #expect(results.compactMap(\.bounce).allSatisfy { $0.x < 0 })
    }

    @Test func netIsHigherAtThePosts() {
        #expect(Physics.netHeight(atY: 0) == Court.netHeightCentre)
        #expect(abs(Physics.netHeight(atY: Physics.singlesStickY) - Court.netHeightPost) < 1e-12)
        #expect(Physics.netHeight(atY: 2) > Physics.netHeight(atY: 1))
        // 0.95 m clears the centre of the net but not near the sideline.
        var centre = Ball(position: Vec3(x: -1, y: 0, z: 0.95), velocity: Vec3(x: 10, y: 0, z: 0))
        #expect(!Physics.step(&centre, dt: 0.2, surface: .hard).hitNet)
        var side = Ball(position: Vec3(x: -1, y: 4, z: 0.95), velocity: Vec3(x: 10, y: 0, z: 0))
        #expect(Physics.step(&side, dt: 0.2, surface: .hard).hitNet)
    }

    @Test func clippingTheTapeStillCrosses() {
        let z = Court.netHeightCentre - Physics.tapeBand / 2
        var ball = Ball(position: Vec3(x: -0.5, y: 0, z: z), velocity: Vec3(x: 10, y: 0, z: 0))
        let r = Physics.step(&ball, dt: 0.1, surface: .hard)
        #expect(r.clippedTape && !r.hitNet)
        #expect(ball.position.x > 0 && ball.velocity.x < 10)
    }

    @Test func bounceOutsideTheLinesIsOut() {
        #expect(Physics.insideSingles(Vec2(x: Court.halfLength, y: Court.halfSinglesWidth)))  // on the line: in
        #expect(!Physics.insideSingles(Vec2(x: Court.halfLength + 0.01, y: 0)))
        #expect(!Physics.insideSingles(Vec2(x: 3, y: -Court.halfSinglesWidth - 0.01)))
        // A ball hit far too long lands beyond the baseline.
        var ball = Ball(position: Vec3(x: -11, y: 0, z: 1), velocity: Vec3(x: 20, y: 0, z: 2))
        let results = fly(&ball) { _, r in r.bounce != nil }
        let at = results.last?.bounce
        #expect(at != nil && !Physics.insideSingles(at!))
    }

    @Test func launchVelocityLandsOnTarget() {
        let from = Vec3(x: -11, y: 1, z: 1)
        let target = Vec2(x: 9, y: -2)
        let v = Shot.launchVelocity(from: from, to: target, time: 1.4, clearance: 0.25)
        var ball = Ball(position: from, velocity: v)
        var ticks = 0
        let results = fly(&ball) { _, r in
            ticks += 1
            return r.bounce != nil
        }
        let at = results.last!.bounce!
        #expect(abs(at.x - target.x) < 1e-6 && abs(at.y - target.y) < 1e-6)
        #expect(!results.contains { $0.hitNet || $0.clippedTape })
        // A drive takes about 1.3–1.7 s from contact to the bounce in scaled time.
        let seconds = Double(ticks) / 60
        #expect(seconds >= 1.3 && seconds <= 1.7, "drive flight \(seconds) s")
    }

    @Test func surfacesDiffer() {
        func rebound(_ s: Surface) -> Double {
            var ball = Ball(position: Vec3(x: -5, y: 0, z: 2.54), velocity: Vec3(x: 3, y: 0, z: 0))
            _ = fly(&ball, surface: s) { _, r in r.bounce != nil }
            return ball.velocity.x
        }
        #expect(rebound(.grass) > rebound(.hard) && rebound(.hard) > rebound(.clay))
    }
}
