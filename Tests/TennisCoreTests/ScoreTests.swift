import Testing
@testable import TennisCore

/// Awards points from a string of "0"/"1" characters.
private func play(_ score: inout Score, _ points: String) -> [MatchEvent] {
    var events: [MatchEvent] = []
    for c in points where c == "0" || c == "1" {
        score.award(pointTo: c == "0" ? 0 : 1, events: &events)
    }
    return events
}

/// Awards whole games (4 straight points each) from a string of "0"/"1".
private func games(_ score: inout Score, _ winners: String) -> [MatchEvent] {
    var events: [MatchEvent] = []
    for c in winners where c == "0" || c == "1" {
        for _ in 0..<4 { score.award(pointTo: c == "0" ? 0 : 1, events: &events) }
    }
    return events
}

@Suite struct ScoreTests {
    @Test func startState() {
        let s = Score(format: .short)
        #expect(s.points == PerPlayer(0, 0) && s.games == PerPlayer(0, 0) && s.sets.isEmpty)
        #expect(!s.inTiebreak && s.server == 0 && s.winner == -1 && !s.isOver)
        #expect(Score(format: .tiebreak).inTiebreak)
        #expect(s.compactText == "0-0 0-0")
    }

    @Test func plainGame() {
        var s = Score(format: .set)
        _ = play(&s, "0")
        #expect(s.pointLabels == PerPlayer("15", "0"))
        _ = play(&s, "01")
        #expect(s.pointLabels == PerPlayer("30", "15"))
        #expect(s.compactText == "0-0 30-15")
        let events = play(&s, "00")
        #expect(events == [.game(winner: 0)])
        #expect(s.games == PerPlayer(1, 0) && s.points == PerPlayer(0, 0))
        #expect(s.server == 1)
    }

    @Test func deuceAdvantageAndBack() {
        var s = Score(format: .set)
        _ = play(&s, "000111")
        #expect(s.isDeuce && s.pointLabels == PerPlayer("40", "40"))
        _ = play(&s, "0")
        #expect(!s.isDeuce && s.pointLabels == PerPlayer("AD", ""))
        #expect(s.compactText == "0-0 AD-40")
        _ = play(&s, "1")
        #expect(s.isDeuce)
        _ = play(&s, "1")
        #expect(s.pointLabels == PerPlayer("", "AD"))
        for _ in 0..<20 { _ = play(&s, "01") }  // long deuce never overflows
        #expect(s.pointLabels == PerPlayer("", "AD") && s.points.right <= 4)
        let events = play(&s, "1")
        #expect(events == [.game(winner: 1)] && s.games == PerPlayer(0, 1))
    }

    @Test func serveSideFollowsPoints() {
        var s = Score(format: .set)
        #expect(s.serveFromRight)
        _ = play(&s, "0")
        #expect(!s.serveFromRight)
        _ = play(&s, "00111")  // deuce: 6 points played
        #expect(s.serveFromRight)
        _ = play(&s, "01")  // AD then deuce again
        #expect(s.serveFromRight && s.isDeuce)
    }

    @Test func setSixFour() {
        var s = Score(format: .set)
        let events = games(&s, "0101010100")
        #expect(s.sets == [SetScore(games: PerPlayer(6, 4))])
        #expect(events.suffix(3) == [.game(winner: 0), .set(winner: 0), .match(winner: 0)])
        #expect(s.winner == 0 && s.isOver && s.compactText == "6-4")
    }

    @Test func setSevenFive() {
        var s = Score(format: .set)
        _ = games(&s, "0101010101")  // 5-5
        #expect(s.games == PerPlayer(5, 5))
        _ = games(&s, "1")
        #expect(!s.isOver && s.games == PerPlayer(5, 6))
        _ = games(&s, "11")
        #expect(s.sets == [SetScore(games: PerPlayer(5, 7))] && s.winner == 1)
    }

    @Test func tiebreakSevenFiveWithServerRotation() {
        var s = Score(format: .set)
        _ = games(&s, "010101010101")  // 6-6; 12 games played so player 0 serves the tiebreak
        #expect(s.inTiebreak && s.server == 0)
        #expect(s.compactText == "6-6 0-0")
        // Servers: first point 0, then 1,1, 0,0, 1,1, ...
        var servers: [UInt8] = []
        for winner in "010101011000" {
            servers.append(s.server)
            _ = play(&s, String(winner))
            if s.isOver { break }
        }
        #expect(servers == [0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0])
        #expect(s.sets == [SetScore(games: PerPlayer(7, 6), tiebreak: PerPlayer(7, 5))])
        #expect(s.winner == 0)
    }

    @Test func tiebreakNeedsTwoClear() {
        var s = Score(format: .set)
        _ = games(&s, "010101010101")
        _ = play(&s, "0101010101010101")  // 8-8
        #expect(s.inTiebreak && !s.isOver && s.pointLabels == PerPlayer("8", "8"))
        _ = play(&s, "1")
        #expect(!s.isOver)
        _ = play(&s, "1")
        #expect(s.sets.last?.tiebreak == PerPlayer(8, 10) && s.winner == 1)
    }

    @Test func bestOfThreeAndNextSetServer() {
        var s = Score(format: .bestOfThree)
        _ = games(&s, "010101010101")  // 6-6, player 0 serves first in the tiebreak
        let events = play(&s, "0000000")
        #expect(events.suffix(2) == [.game(winner: 0), .set(winner: 0)])
        #expect(!s.isOver && s.server == 1)  // the first receiver of the tiebreak serves next
        _ = games(&s, "111111")
        #expect(s.sets.count == 2 && s.setsWon == PerPlayer(1, 1) && !s.isOver)
        #expect(s.compactText == "7-6 0-6 0-0 0-0")
        let last = games(&s, "000000")
        #expect(last.last == .match(winner: 0) && s.winner == 0 && s.compactText == "7-6 0-6 6-0")
    }

    @Test func shortSetFormat() {
        var s = Score(format: .short)
        _ = games(&s, "0000")
        #expect(s.winner == 0 && s.sets == [SetScore(games: PerPlayer(4, 0))])
        var t = Score(format: .short)
        _ = games(&t, "01010101")  // 4-4
        #expect(t.inTiebreak && !t.isOver)
        _ = play(&t, "1111111")
        #expect(t.winner == 1 && t.sets == [SetScore(games: PerPlayer(4, 5), tiebreak: PerPlayer(0, 7))])
        var u = Score(format: .short)
        _ = games(&u, "0101011")  // 3-4
        #expect(!u.isOver)
        _ = games(&u, "1")
        #expect(u.winner == 1 && u.sets.first?.games == PerPlayer(3, 5))
    }

    @Test func singleTiebreakFormat() {
        var s = Score(format: .tiebreak)
        _ = play(&s, "010101010101")  // 6-6
        #expect(!s.isOver && s.compactText == "6-6")
        _ = play(&s, "0")
        let events = play(&s, "0")
        #expect(events == [.match(winner: 0)] && s.winner == 0)
        #expect(s.compactText == "8-6")
        _ = play(&s, "1")  // ignored after the end
        #expect(s.sets.count == 1)
    }

    @Test func serverAlternatesEveryGame() {
        var s = Score(format: .set)
        var servers: [UInt8] = []
        for _ in 0..<5 {
            servers.append(s.server)
            _ = games(&s, "0")
        }
        #expect(servers == [0, 1, 0, 1, 0])
    }
}
