import Testing
import TestSupport
@testable import TennisCore

/// Small, decisive samples that run in a few seconds in debug builds. The 100-match numbers
/// (each level beats the one below ≥ 60 %, level 5 beats level 1 ≥ 95 %, rally lengths, surface
/// speeds) are measured separately in release with `Simulation.simulate`; see `Bot`'s documentation.
/// Each is whole simulated matches, seconds of computing without a pause: `.cpuBound`.
@Suite(.cpuBound) struct SimulationTests {
    @Test func sameSeedSameReport() {
        let a = Simulation.simulate(levels: PerPlayer(3, 4), matches: 2, seed: 11, surface: .hard, format: .tiebreak)
        let b = Simulation.simulate(levels: PerPlayer(3, 4), matches: 2, seed: 11, surface: .hard, format: .tiebreak)
        #expect(a == b)
        #expect(a.matches == 2 && a.wins.left + a.wins.right == 2)
        #expect(a.points >= 14 && a.ticks > 0 && a.averageRally >= 1)
        #expect(a.endings.reduce(0, +) == a.points)
        let c = Simulation.simulate(levels: PerPlayer(3, 4), matches: 2, seed: 12, surface: .hard, format: .tiebreak)
        #expect(c.stateHash != a.stateHash)
    }

    @Test func winsAreCountedPerLevelNotPerSide() {
        // Level A is 5 and plays both sides; it should win (nearly) every match whichever side it is on.
        let r = Simulation.simulate(levels: PerPlayer(5, 1), matches: 4, seed: 3, surface: .hard, format: .tiebreak)
        #expect(r.wins.left >= 3, "\(r.wins)")
        let flipped = Simulation.simulate(levels: PerPlayer(1, 5), matches: 4, seed: 3, surface: .hard, format: .tiebreak)
        #expect(flipped.wins.right >= 3, "\(flipped.wins)")
    }

    @Test func levelFiveBeatsLevelOne() {
        let r = Simulation.simulate(levels: PerPlayer(1, 5), matches: 20, seed: 2024, surface: .hard, format: .tiebreak)
        #expect(r.wins.right >= 17, "level 5 won \(r.wins.right) of 20")
    }

    @Test func higherLevelsWinMore() {
        // A tiebreak is a small sample, so play short sets and pool the four neighbouring pairs
        // (each ≈ 80–90 % over 100 short sets in release runs).
        var higher = 0
        for low in 1...4 {
            let r = Simulation.simulate(
                levels: PerPlayer(low, low + 1), matches: 6, seed: 77, surface: .hard, format: .short)
            #expect(r.wins.right >= 4, "level \(low + 1) won \(r.wins.right) of 6 against level \(low)")
            higher += r.wins.right
        }
        #expect(higher >= 18, "the higher level won \(higher) of 24")
    }

    @Test func evenRalliesAreTennisLike() {
        let r = Simulation.simulate(levels: PerPlayer(3, 3), matches: 4, seed: 9, surface: .hard, format: .tiebreak)
        #expect(r.averageRally >= 3.5 && r.averageRally <= 9, "\(r.averageRally) hits per point")
        // Points end in winners and net errors too, not only outs.
        #expect(r.count(.doubleBounce) + r.count(.ace) >= r.points / 10)
        #expect(r.count(.net) >= r.points / 20)
    }

    @Test func surfacesOrderBallSpeed() {
        func speed(_ surface: Surface) -> Double {
            Simulation.simulate(levels: PerPlayer(3, 3), matches: 3, seed: 5, surface: surface, format: .tiebreak)
                .ballSpeedAfterBounce
        }
        let grass = speed(.grass), hard = speed(.hard), clay = speed(.clay)
        #expect(grass > hard * 1.1 && hard > clay * 1.1, "grass \(grass), hard \(hard), clay \(clay)")
    }

    @Test func clayBouncesHighestGrassLowest() {
        func rebound(_ surface: Surface) -> Double {
            var ball = Ball(position: Vec3(x: -5, y: 0, z: 1), velocity: Vec3(x: 8, y: 0, z: 0))
            var top = 0.0, bounced = false
            for _ in 0..<600 {
                if Physics.step(&ball, surface: surface).bounce != nil {
                    if bounced { break }
                    bounced = true
                }
                if bounced { top = max(top, ball.position.z) }
            }
            return top
        }
        #expect(rebound(.clay) > rebound(.hard) && rebound(.hard) > rebound(.grass))
    }
}
