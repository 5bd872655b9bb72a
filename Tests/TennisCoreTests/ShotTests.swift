import Testing
@testable import TennisCore

@Suite struct ShotTests {
    /// Where a struck ball first lands.
    private func landing(_ kind: ShotKind, player: Int, aim: PlayerInput, swingTick: UInt8 = Physics.sweetSpot) -> Vec2 {
        var rng = SplitMix64(seed: 5)
        let facing = PlayerState.facing(player)
        let from = Vec3(x: -facing * 11, y: 0, z: 1)
        let stroke = Shot.stroke(
            kind: kind, from: from, facing: facing, aim: aim, swingTick: swingTick, volley: false, rng: &rng)
        var ball = Ball(position: from, velocity: stroke.velocity, spin: stroke.spin)
        for _ in 0..<1_000 {
            if let at = Physics.step(&ball, surface: .hard).bounce { return at }
        }
        return .zero
    }

    @Test func heldDirectionAims() {
        for player in 0...1 {
            let facing = PlayerState.facing(player)
            let towardsNet = Int8(facing), awayFromNet = Int8(-facing)
            let short = landing(.drive, player: player, aim: PlayerInput(moveX: towardsNet))
            let deep = landing(.drive, player: player, aim: PlayerInput(moveX: awayFromNet))
            #expect(abs(short.x) < abs(deep.x))
            #expect(short.x * facing > 0 && deep.x * facing > 0)  // both on the opponent's side
            let down = landing(.drive, player: player, aim: PlayerInput(moveY: 1))
            let up = landing(.drive, player: player, aim: PlayerInput(moveY: -1))
            #expect(down.y > 1.5 && up.y < -1.5)
        }
    }

    @Test func strokesDiffer() {
        let drive = landing(.drive, player: 0, aim: .idle)
        let drop = landing(.drop, player: 0, aim: .idle)
        #expect(drop.x < drive.x && drop.x > 0 && drop.x < 4.5)
        let p = Shot.profile(.lob), d = Shot.profile(.drive)
        #expect(p.flightTime > 2 * d.flightTime - 0.1 && p.clearance > d.clearance)
    }

    @Test func timingGrades() {
        #expect(Shot.timing(swingTick: Physics.sweetSpot) == .perfect)
        #expect(Shot.timing(swingTick: Physics.sweetSpot + 2) == .good)
        #expect(Shot.timing(swingTick: Physics.contactWindow.upperBound) == .early)
        #expect(Shot.timing(swingTick: Physics.contactWindow.lowerBound) == .late)
    }
}
