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
        // One set all: a match tiebreak to 10 instead of a third set.
        #expect(s.inTiebreak && s.isMatchTiebreak && s.tiebreakTarget == 10)
        #expect(s.compactText == "7-6 0-6 0-0")
        let last = play(&s, "0000000000")
        #expect(last == [.set(winner: 0), .match(winner: 0)] && s.winner == 0)
        #expect(s.sets.last == SetScore(games: PerPlayer(1, 0), tiebreak: PerPlayer(10, 0)))
        #expect(s.compactText == "7-6 0-6 10-0")
    }

    @Test func matchTiebreakNeedsTenAndTwoClear() {
        var s = Score(format: .bestOfThree)
        _ = games(&s, "000000111111")  // 6-0 0-6
        #expect(s.isMatchTiebreak && s.games == PerPlayer(0, 0))
        _ = play(&s, "000000000")  // 9-0: a normal tiebreak would be over
        #expect(!s.isOver && s.pointLabels == PerPlayer("9", "0"))
        var t = Score(format: .bestOfThree)
        _ = games(&t, "000000111111")
        _ = play(&t, "010101010101010101")  // 9-9
        #expect(!t.isOver && t.compactText == "6-0 0-6 9-9")
        _ = play(&t, "1")  // 9-10
        #expect(!t.isOver)
        _ = play(&t, "0")  // 10-10
        #expect(!t.isOver)
        _ = play(&t, "0")  // 11-10
        #expect(!t.isOver)
        _ = play(&t, "0")  // 12-10
        #expect(t.winner == 0 && t.sets.last?.tiebreak == PerPlayer(12, 10) && t.compactText == "6-0 0-6 12-10")
        var u = Score(format: .bestOfThree)
        _ = games(&u, "000000111111")
        _ = play(&u, "01010101010101010")  // 9-8
        _ = play(&u, "1")  // 9-9
        let events = play(&u, "11")  // 9-11
        #expect(events.suffix(2) == [.set(winner: 1), .match(winner: 1)])
        #expect(u.winner == 1 && u.compactText == "6-0 0-6 9-11" && u.setsWon == PerPlayer(1, 2))
    }

    @Test func matchTiebreakServerRotation() {
        var s = Score(format: .bestOfThree)
        _ = games(&s, "000000111111")  // 12 games: player 0 serves the match tiebreak's first point
        #expect(s.isMatchTiebreak && s.server == 0)
        var servers: [UInt8] = [], sides: [Bool] = []
        for _ in 0..<8 {
            servers.append(s.server)
            sides.append(s.serveFromRight)
            _ = play(&s, "0")
        }
        #expect(servers == [0, 1, 1, 0, 0, 1, 1, 0])
        #expect(sides == [true, false, true, false, true, false, true, false])
    }

    @Test func bestOfThreeInStraightSets() {
        var s = Score(format: .bestOfThree)
        _ = games(&s, "000111000")  // 6-3
        #expect(s.sets == [SetScore(games: PerPlayer(6, 3))] && !s.isOver)
        _ = games(&s, "1111000000")  // 6-4
        #expect(s.winner == 0 && !s.inTiebreak && s.compactText == "6-3 6-4")
    }

    @Test func setFormatEndConditions() {
        var s = Score(format: .set)
        _ = games(&s, "01010101010")  // 6-5
        #expect(!s.isOver && !s.inTiebreak)
        _ = games(&s, "1")  // 6-6
        #expect(s.inTiebreak && s.tiebreakTarget == 7 && !s.isOver)
        _ = play(&s, "000000")
        #expect(!s.isOver)
        _ = play(&s, "0")
        #expect(s.winner == 0 && s.sets == [SetScore(games: PerPlayer(7, 6), tiebreak: PerPlayer(7, 0))])
        var t = Score(format: .set)
        _ = games(&t, "111111")
        #expect(t.winner == 1 && t.compactText == "0-6")
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

    @Test func shortSetEndConditions() {
        var s = Score(format: .short)
        _ = games(&s, "0001")  // 3-1
        #expect(!s.isOver)
        _ = games(&s, "0")  // 4-1
        #expect(s.winner == 0 && s.compactText == "4-1")
        var t = Score(format: .short)
        _ = games(&t, "0101010")  // 4-3
        #expect(!t.isOver && t.games == PerPlayer(4, 3))
        _ = games(&t, "1")  // 4-4
        #expect(t.inTiebreak && t.tiebreakTarget == 7 && !t.isMatchTiebreak)
        _ = play(&t, "010101010101")  // 6-6 in the tiebreak
        _ = play(&t, "11")
        #expect(t.winner == 1 && t.sets == [SetScore(games: PerPlayer(4, 5), tiebreak: PerPlayer(6, 8))])
    }

    @Test func singleTiebreakEndConditions() {
        var s = Score(format: .tiebreak)
        #expect(s.tiebreakTarget == 7 && !s.isMatchTiebreak)
        _ = play(&s, "000000")
        #expect(!s.isOver)
        let events = play(&s, "0")
        #expect(events == [.match(winner: 0)] && s.compactText == "7-0")
        var t = Score(format: .tiebreak)
        _ = play(&t, "0101010101011")  // 6-7
        #expect(!t.isOver)
        _ = play(&t, "1")
        #expect(t.winner == 1 && t.compactText == "6-8")
    }

    @Test func serviceBoxFollowsServerAndSide() {
        var s = Score(format: .set)
        // Player 0 serves from the deuce court (their right, +y) into player 1's box at −y.
        #expect(s.serviceBox.x == 0...Court.serviceLineFromNet)
        #expect(s.serviceBox.y == -Court.halfSinglesWidth...0)
        _ = play(&s, "0")  // ad court
        #expect(s.serviceBox.y == 0...Court.halfSinglesWidth)
        _ = play(&s, "000")  // game: player 1 serves, from their right (−y) into player 0's +y box
        #expect(s.server == 1 && s.serveFromRight)
        #expect(s.serviceBox.x == -Court.serviceLineFromNet...0)
        #expect(s.serviceBox.y == 0...Court.halfSinglesWidth)
        _ = play(&s, "1")
        #expect(s.serviceBox.y == -Court.halfSinglesWidth...0)
    }

    @Test func tiebreakServingSidesAlternate() {
        var s = Score(format: .tiebreak)
        var servers: [UInt8] = [], sides: [Bool] = []
        for _ in 0..<6 {
            servers.append(s.server)
            sides.append(s.serveFromRight)
            _ = play(&s, "1")
        }
        #expect(servers == [0, 1, 1, 0, 0, 1])
        // Every server's first point of a pair is from the ad court, the second from deuce.
        #expect(sides == [true, false, true, false, true, false])
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
