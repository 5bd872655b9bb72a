import Testing
@testable import TennisCore

/// What one flight of a ball looks like: where it first lands, how high and how fast it comes off
/// that bounce, and the highest point before it.
private struct Flight {
    var landing = Vec2.zero
    var ticksToBounce = 0
    var apexBefore = 0.0
    var apexAfter = 0.0
    var speedAfter = 0.0
    var netCrossingHeight: Double?
    var hitNet = false
}

private func fly(_ start: Ball, surface: Surface = .hard) -> Flight {
    var ball = start
    var flight = Flight()
    var bounced = false
    for tick in 1...1_500 {
        let before = ball.position
        let r = Physics.step(&ball, surface: surface)
        if r.hitNet { flight.hitNet = true }
        if flight.netCrossingHeight == nil && (before.x < 0) != (ball.position.x < 0) && !bounced {
            flight.netCrossingHeight = before.z
        }
        if let at = r.bounce {
            if bounced { break }
            bounced = true
            flight.landing = at
            flight.ticksToBounce = tick
            flight.speedAfter = (ball.velocity.x * ball.velocity.x + ball.velocity.y * ball.velocity.y).squareRoot()
        }
        if bounced { flight.apexAfter = max(flight.apexAfter, ball.position.z) } else {
            flight.apexBefore = max(flight.apexBefore, ball.position.z)
        }
        if ball.isRolling { break }
    }
    return flight
}

/// A stroke of `kind` from the left baseline at 1 m, perfectly timed, aimed straight.
private func stroke(
    _ kind: ShotKind, from: Vec3 = Vec3(x: -11, y: 0, z: 1), volley: Bool = false, seed: UInt64 = 5
) -> (Shot.Stroke, Flight) {
    var rng = SplitMix64(seed: seed)
    let s = Shot.stroke(
        kind: kind, from: from, facing: 1, aim: .idle, swingTick: Physics.sweetSpot, volley: volley, rng: &rng)
    return (s, fly(Ball(position: from, velocity: s.velocity, spin: s.spin)))
}

private func speed(_ v: Vec3) -> Double { (v.x * v.x + v.y * v.y + v.z * v.z).squareRoot() }

@Suite struct SpinTests {
    private let launch = Vec3(x: 14, y: 0, z: 2.6)
    private let from = Vec3(x: -11, y: 0, z: 1)

    @Test func topspinDipsBackspinFloats() {
        let top = fly(Ball(position: from, velocity: launch, spin: 1))
        let flat = fly(Ball(position: from, velocity: launch, spin: 0))
        let back = fly(Ball(position: from, velocity: launch, spin: -1))
        #expect(top.landing.x < flat.landing.x && flat.landing.x < back.landing.x)
        #expect(top.apexBefore < flat.apexBefore && flat.apexBefore < back.apexBefore)
        #expect(Physics.gravity(spin: 1) > Physics.gravity && Physics.gravity(spin: -1) < Physics.gravity)
        #expect(Physics.gravity(spin: 0) == Physics.gravity)
    }

    @Test func topspinKicksUpAndOnSliceStaysLow() {
        // The same launch: topspin's bounce is higher and faster than flat's, slice's lower and slower.
        let top = fly(Ball(position: from, velocity: launch, spin: 0.8))
        let flat = fly(Ball(position: from, velocity: launch, spin: 0))
        let slice = fly(Ball(position: from, velocity: launch, spin: -0.8))
        #expect(top.apexAfter > flat.apexAfter && flat.apexAfter > slice.apexAfter,
                "after-bounce heights: top \(top.apexAfter), flat \(flat.apexAfter), slice \(slice.apexAfter)")
        #expect(Physics.horizontalRetention(.hard, spin: 0.8) > Surface.hard.horizontalRetention)
        #expect(Physics.horizontalRetention(.hard, spin: -0.8) < Surface.hard.horizontalRetention)
        #expect(slice.speedAfter < flat.speedAfter)
    }

    @Test func spinDoesNotChangeTheDropTest() {
        // Zero spin keeps the ITF numbers; spin is halved by a bounce.
        var ball = Ball(position: Vec3(x: -5, y: 0, z: 1), velocity: Vec3(x: 0, y: 0, z: -3), spin: 0.8)
        while Physics.step(&ball, surface: .hard).bounce == nil {}
        #expect(ball.spin == 0.8 * Physics.spinAfterBounce)
        #expect(Ball(position: .zero, velocity: .zero, spin: 3).spin == 1)
    }

    @Test func surfacesStillOrderWithSpin() {
        for spin in [-0.8, 0, 0.8] {
            let g = Physics.horizontalRetention(.grass, spin: spin)
            let h = Physics.horizontalRetention(.hard, spin: spin)
            let c = Physics.horizontalRetention(.clay, spin: spin)
            #expect(g > h && h > c, "spin \(spin)")
            #expect(Physics.restitution(.clay, spin: spin) > Physics.restitution(.grass, spin: spin))
        }
    }

    @Test func launchVelocityAccountsForSpin() {
        for spin in [-1.0, -0.4, 0, 0.6, 1] {
            let v = Shot.launchVelocity(from: from, to: Vec2(x: 9, y: 2), time: 1.3, clearance: 0.3, spin: spin)
            let f = fly(Ball(position: from, velocity: v, spin: spin))
            #expect(abs(f.landing.x - 9) < 1e-6 && abs(f.landing.y - 2) < 1e-6, "spin \(spin)")
            #expect(!f.hitNet && (f.netCrossingHeight ?? 0) >= Court.netHeightCentre + 0.29)
        }
    }

    @Test func shotProfilesHaveTheirSpin() {
        #expect(Shot.profile(.drive).spin > 0.3)
        #expect(Shot.profile(.flat).spin < 0.2 && Shot.profile(.flat).spin >= 0)
        #expect(Shot.profile(.slice).spin < -0.3)
        #expect(Shot.profile(.drop).spin <= -0.9)
        #expect(Shot.profile(.lob).spin > 0)
        #expect(ShotKind.flat.rawValue == 5 && ShotKind.drive.rawValue == 1 && ShotKind.drop.rawValue == 4)
    }

    @Test func flatIsFastestAndLowestOverTheNet() {
        let (flat, flatFlight) = stroke(.flat)
        let (drive, driveFlight) = stroke(.drive)
        let (slice, sliceFlight) = stroke(.slice)
        #expect(flat.velocity.x > drive.velocity.x && drive.velocity.x > slice.velocity.x)
        #expect(flatFlight.ticksToBounce < driveFlight.ticksToBounce)
        #expect((flatFlight.netCrossingHeight ?? 9) < (driveFlight.netCrossingHeight ?? 0))
        #expect(!flatFlight.hitNet && Physics.insideSingles(flatFlight.landing) && flatFlight.landing.x > 0)
        // Off the bounce: the drive kicks up highest, the slice stays lowest.
        #expect(driveFlight.apexAfter > flatFlight.apexAfter && flatFlight.apexAfter > sliceFlight.apexAfter,
                "drive \(driveFlight.apexAfter), flat \(flatFlight.apexAfter), slice \(sliceFlight.apexAfter)")
        #expect(sliceFlight.speedAfter < driveFlight.speedAfter)
    }

    @Test func dropShotLandsShortAndDies() {
        let (drop, f) = stroke(.drop, from: Vec3(x: -6, y: 0, z: 0.9))
        #expect(drop.spin < 0)
        #expect(f.landing.x > 0 && f.landing.x < 4.5, "drop lands at \(f.landing.x)")
        #expect(f.apexAfter < 0.6, "drop bounces to \(f.apexAfter) m")
        #expect(f.speedAfter < 3.5, "drop runs on at \(f.speedAfter) m/s")
        let (_, drive) = stroke(.drive, from: Vec3(x: -6, y: 0, z: 0.9))
        #expect(f.apexAfter < drive.apexAfter && f.speedAfter < drive.speedAfter * 0.6)
    }

    @Test func lobGoesHighAndDeep() {
        let (lob, f) = stroke(.lob)
        #expect(lob.spin > 0)
        #expect(f.apexBefore > 4 && f.landing.x > 7 && Physics.insideSingles(f.landing))
    }

    @Test func highBallWithDriveOrFlatIsASmash() {
        let high = Vec3(x: -5, y: 0.5, z: 2.3)
        #expect(Shot.style(kind: .drive, contactHeight: 2.3, volley: true) == .smash)
        #expect(Shot.style(kind: .flat, contactHeight: 2.1, volley: false) == .smash)
        #expect(Shot.style(kind: .lob, contactHeight: 2.3, volley: true) == .volley)
        #expect(Shot.style(kind: .drive, contactHeight: 1.2, volley: false) == .groundstroke)
        let (smash, sf) = stroke(.drive, from: high, volley: true)
        let (drive, df) = stroke(.drive)
        #expect(smash.style == .smash && drive.style == .groundstroke)
        #expect(speed(smash.velocity) > speed(drive.velocity) * 1.3, "smash \(speed(smash.velocity)) drive \(speed(drive.velocity))")
        #expect(sf.ticksToBounce < df.ticksToBounce / 2)
        // Steep: it comes down at a sharper angle than a drive.
        #expect(smash.velocity.z < drive.velocity.z)
        #expect(!sf.hitNet && sf.landing.x > 0 && Physics.insideSingles(sf.landing))
    }

    @Test func volleyIsAShortPunch() {
        let at = Vec3(x: -3, y: 0, z: 1.2)
        let (volley, vf) = stroke(.drive, from: at, volley: true)
        let (ground, gf) = stroke(.drive, from: at, volley: false)
        #expect(volley.style == .volley && ground.style == .groundstroke)
        #expect(vf.landing.x < gf.landing.x && vf.landing.x > 0)
        #expect(vf.ticksToBounce < gf.ticksToBounce)
        #expect(abs(volley.spin) < abs(ground.spin))
        // The punch is timed earlier in the swing and can meet the ball from `volleyWindowStart`.
        var p = PlayerState(position: .zero)
        p.swing = .drive
        p.swingTicks = Physics.volleyWindowStart
        #expect(p.canHit(volley: true) && !p.canHit(volley: false))
    }

    @Test func aVolleyInTheMatchIsPunchedAndReported() {
        var s = MatchState(config: MatchConfig(seed: 3))
        s.phase = .rally
        s.ballVisible = true
        s.lastHitter = 1
        s.players[0].position = Vec2(x: -2.5, y: 0)
        s.ball = Ball(position: Vec3(x: 1, y: 0, z: 1.3), velocity: Vec3(x: -7, y: 0, z: 0.3))
        var events: [MatchEvent] = []
        var hit = false
        for i in 0..<60 where !hit {
            let swing = i == 17 ? PlayerInput(swing: .drive) : .idle
            s.step(inputs: PerPlayer(swing, .idle), events: &events)
            hit = events.contains { if case .hit(player: 0, _, _) = $0 { true } else { false } }
        }
        #expect(hit && s.lastStroke == .volley && s.view.ball.stroke == .volley)
        #expect(s.ball.velocity.x > 0 && s.view.ball.spin == s.ball.spin)
    }
}
