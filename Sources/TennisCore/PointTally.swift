/// The match's running statistics, counted from its events: points won, aces, double faults and
/// the longest rally. The server keeps one per match and sends it in every `welcome`, so a client
/// that joins or comes back mid-match starts from the whole match's count, not from zero.
public struct PointTally: Equatable, Sendable {
    public var pointsWon = [0, 0]
    public var aces = [0, 0]
    public var doubleFaults = [0, 0]
    public var longestRally = 0
    /// Shots in the rally under way.
    public var rallyShots = 0

    public init() {}

    public mutating func record(_ event: MatchEvent) {
        switch event {
        case .serve:
            rallyShots = 1
        case .hit:
            rallyShots += 1
        case .point(let winner, let reason):
            longestRally = max(longestRally, rallyShots)
            rallyShots = 0
            guard (0...1).contains(winner) else { return }
            pointsWon[winner] += 1
            if reason == .ace { aces[winner] += 1 }
            if reason == .doubleFault { doubleFaults[1 - winner] += 1 }
        default:
            break
        }
    }
}
