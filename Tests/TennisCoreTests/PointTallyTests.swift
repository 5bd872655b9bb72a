import Testing

@testable import TennisCore

@Suite struct PointTallyTests {
    @Test func countsPointsAcesDoubleFaultsAndTheLongestRally() {
        var tally = PointTally()
        let rally: [MatchEvent] = [
            .serve(player: 0), .hit(player: 1, shot: .drive, timing: .good), .hit(player: 0, shot: .drive, timing: .good),
            .point(winner: 0, reason: .out),
        ]
        for event in rally + [.serve(player: 0), .point(winner: 0, reason: .ace)]
            + [.serve(player: 1), .fault(serveNumber: 1), .serve(player: 1), .point(winner: 0, reason: .doubleFault)] {
            tally.record(event)
        }
        #expect(tally.pointsWon == [3, 0])
        #expect(tally.aces == [1, 0])
        #expect(tally.doubleFaults == [0, 1])
        #expect(tally.longestRally == 3)
        #expect(tally.rallyShots == 0)
    }
}
