import TennisCore
import Testing

@testable import TerminalUI

@Suite struct ScoreTextTests {
    func score(_ a: UInt8, _ b: UInt8, tiebreak: Bool = false) -> Score {
        Score(format: .set, points: PerPlayer(a, b), inTiebreak: tiebreak)
    }

    @Test func pointsAreCalledLikeTennis() {
        #expect(ScoreText.pointLabels(score(0, 0)) == PerPlayer("0", "0"))
        #expect(ScoreText.pointLabels(score(1, 2)) == PerPlayer("15", "30"))
        #expect(ScoreText.pointLabels(score(3, 3)) == PerPlayer("40", "40"))
        #expect(ScoreText.pointLabels(score(5, 4)) == PerPlayer("AD", ""))
        #expect(ScoreText.pointLabels(score(6, 7)) == PerPlayer("", "AD"))
        #expect(ScoreText.pointLabels(score(8, 6, tiebreak: true)) == PerPlayer("8", "6"))
    }

    @Test func gameColumnsListSetsThenTheCurrentSet() {
        var s = Score(format: .bestOfThree, games: PerPlayer(3, 1), sets: [SetScore(games: PerPlayer(7, 6))])
        #expect(ScoreText.gameColumns(s, player: 0) == ["7", "3"])
        #expect(ScoreText.gameColumns(s, player: 1) == ["6", "1"])
        s.winner = 0
        #expect(ScoreText.gameColumns(s, player: 0) == ["7"])
        let tiebreakMatch = Score(
            format: .tiebreak, sets: [SetScore(games: PerPlayer(1, 0), tiebreak: PerPlayer(7, 5))], winner: 0)
        #expect(ScoreText.gameColumns(tiebreakMatch, player: 1) == ["5"])
    }
}
