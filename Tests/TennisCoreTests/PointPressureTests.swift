import Testing

@testable import TennisCore

/// Break, set and match points, read off the score (what winning the next point would give).
@Suite struct PointPressureTests {
    @Test func ordinaryPointsAreNothing() {
        #expect(Score(format: .short).pressure == nil)
        #expect(Score(format: .short, points: PerPlayer(3, 0), server: 0).pressure == nil, "the server's game point")
    }

    @Test func theReceiversGamePointIsABreakPoint() {
        let score = Score(format: .bestOfThree, points: PerPlayer(0, 3), server: 0)
        #expect(score.pressure?.0 == .breakPoint)
        #expect(score.pressure?.player == 1)
    }

    @Test func setAndMatchPointsOutrankABreakPoint() {
        // Best of three, first set: 5–4 to the receiver, 0–40: break, set, not match.
        let set = Score(format: .bestOfThree, points: PerPlayer(0, 3), games: PerPlayer(4, 5), server: 0)
        #expect(set.pressure?.0 == .setPoint)
        #expect(set.pressure?.player == 1)
        // One set up, 5–4, serving at 40–0: match point.
        let match = Score(format: .bestOfThree, points: PerPlayer(3, 0), games: PerPlayer(5, 4),
                          sets: [SetScore(games: PerPlayer(6, 2))], server: 0)
        #expect(match.pressure?.0 == .matchPoint)
        #expect(match.pressure?.player == 0)
        #expect(Score(format: .bestOfThree, winner: 0).pressure == nil, "a match over has no next point")
    }
}
