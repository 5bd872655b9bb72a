import TennisCore
import TennisProtocol
import TerminalUI

/// Counts from the match's events as the client saw them: points, aces, double faults, the
/// longest rally, and where the last point's deciding bounce landed. Pure; fed by `PlayModel`.
struct MatchTally: Equatable {
    var pointsWon = [0, 0]
    var aces = [0, 0]
    var doubleFaults = [0, 0]
    var longestRally = 0
    /// Shots in the rally under way.
    var rallyShots = 0
    /// Where the last bounce was, this rally.
    var lastBounce: Vec2?
    /// The mark to show: the bounce that decided the last point (or a fault), until the next serve.
    var landingMark: Vec2?
    /// Points decided since the bell last rang.
    var unrungPoints = 0

    mutating func record(_ event: WireEvent) {
        switch event.kind {
        case "serve":
            rallyShots = 1
            lastBounce = nil
            landingMark = nil
        case "hit": rallyShots += 1
        case "bounce":
            if let x = event.x, let y = event.y { lastBounce = Vec2(x: x, y: y) }
        case "fault":
            landingMark = lastBounce
        case "point":
            let reason = event.reason.flatMap(PointReason.init(name:))
            landingMark = reason == .net ? nil : lastBounce
            unrungPoints += 1
            longestRally = max(longestRally, rallyShots)
            rallyShots = 0
            guard let winner = event.player, (0...1).contains(winner) else { return }
            pointsWon[winner] += 1
            if reason == .ace { aces[winner] += 1 }
            if reason == .doubleFault { doubleFaults[1 - winner] += 1 }
        default: break
        }
    }

    /// The statistics table for the match-end screen.
    var stats: [MatchEndScene.Stat] {
        [
            .init("Points won", String(pointsWon[0]), String(pointsWon[1])),
            .init("Aces", String(aces[0]), String(aces[1])),
            .init("Double faults", String(doubleFaults[0]), String(doubleFaults[1])),
        ]
    }

    var remark: String? { longestRally > 0 ? "Longest rally: \(longestRally) shots" : nil }
}
