import TennisCore
import TennisProtocol
import TerminalUI

/// What the client shows from the match's events: the whole match's statistics (`PointTally`,
/// started from the server's count in the `welcome`, so a reconnect or a late join loses
/// nothing), where the last point's deciding bounce landed, and points not yet rung for.
/// Pure; fed by `PlayModel`.
struct MatchTally: Equatable {
    var counts = PointTally()
    /// Where the last bounce was, this rally.
    var lastBounce: Vec2?
    /// The mark to show: the bounce that decided the last point (or a fault), until the next serve.
    var landingMark: Vec2?
    /// Points decided since the bell last rang.
    var unrungPoints = 0

    /// Takes the server's count of the match so far (from a `welcome`).
    mutating func resume(from tally: PointTally) {
        counts = tally
    }

    mutating func record(_ event: WireEvent) {
        if let core = event.matchEvent { counts.record(core) }
        switch event.kind {
        case "serve":
            lastBounce = nil
            landingMark = nil
        case "bounce":
            if let x = event.x, let y = event.y { lastBounce = Vec2(x: x, y: y) }
        case "fault":
            landingMark = lastBounce
        case "point":
            let reason = event.reason.flatMap(PointReason.init(name:))
            landingMark = reason == .net ? nil : lastBounce
            unrungPoints += 1
        default: break
        }
    }

    /// The statistics table for the match-end screen.
    var stats: [MatchEndScene.Stat] {
        [
            .init("Points won", String(counts.pointsWon[0]), String(counts.pointsWon[1])),
            .init("Aces", String(counts.aces[0]), String(counts.aces[1])),
            .init("Double faults", String(counts.doubleFaults[0]), String(counts.doubleFaults[1])),
        ]
    }

    var remark: String? { counts.longestRally > 0 ? "Longest rally: \(counts.longestRally) shots" : nil }
}
