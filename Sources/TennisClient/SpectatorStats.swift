import TennisProtocol

/// What a headless spectator counts: the numbers `tennis watch --headless` prints.
public struct SpectatorStats: Sendable, Equatable {
    public var snapshots = 0
    public var pointsPlayed = 0
    public var score = ""
    public var firstSnapshotMicros: UInt64?
    public var lastSnapshotMicros: UInt64?

    public init() {}

    public mutating func record(_ event: ClientEvent, nowMicros: UInt64) {
        switch event {
        case .snapshot(let snapshot):
            snapshots += 1
            if firstSnapshotMicros == nil { firstSnapshotMicros = nowMicros }
            lastSnapshotMicros = nowMicros
            score = snapshot.view.score.compactText
        case .event(_, let event) where event.kind == "point":
            pointsPlayed += 1
        default:
            break
        }
    }

    /// Snapshots per second over the time they arrived.
    public var rateHz: Double {
        guard let first = firstSnapshotMicros, let last = lastSnapshotMicros, last > first, snapshots > 1 else { return 0 }
        return Double(snapshots - 1) / (Double(last - first) / 1_000_000)
    }
}
