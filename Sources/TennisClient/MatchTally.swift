import TennisCore
import TennisProtocol

/// What the client keeps from the match's events: the whole match's statistics (`PointTally`,
/// started from the server's count in the `welcome`, so a reconnect or a late join loses
/// nothing) and where the last point's deciding bounce landed. Pure; fed by `MatchSession`.
public struct MatchTally: Equatable, Sendable {
    public private(set) var counts = PointTally()
    /// Where the last bounce was, this rally.
    public private(set) var lastBounce: Vec2?
    /// The mark to show: the bounce that decided the last point (or a fault), until the next serve.
    public private(set) var landingMark: Vec2?

    public init() {}

    /// Takes the server's count of the match so far (from a `welcome`).
    public mutating func resume(from tally: PointTally) {
        counts = tally
    }

    public mutating func record(_ event: MatchEvent) {
        counts.record(event)
        switch event {
        case .serve:
            lastBounce = nil
            landingMark = nil
        case .bounce(let at, _):
            lastBounce = at
        case .fault:
            landingMark = lastBounce
        case .point(_, let reason):
            landingMark = reason == .net ? nil : lastBounce
        default: break
        }
    }

    public var remark: String? { counts.longestRally > 0 ? "Longest rally: \(counts.longestRally) shots" : nil }
}
