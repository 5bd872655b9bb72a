import TennisProtocol

/// What a headless spectator counts: the numbers `tennis watch --headless` prints.
public struct SpectatorStats: Sendable, Equatable {
    public var snapshots = 0
    public var pointsPlayed = 0
    public var score = ""
    /// Snapshots of a match in play, and when the first and last of them arrived: the stream's
    /// rate (out of play the server sends only a keyframe a second).
    public var playingSnapshots = 0
    public var firstSnapshotMicros: UInt64?
    public var lastSnapshotMicros: UInt64?
    /// The ticks of the first and last of them.
    public var firstPlayingTick: UInt32?
    public var lastPlayingTick: UInt32?

    public init() {}

    public mutating func record(_ event: ClientEvent, nowMicros: UInt64) {
        switch event {
        case .snapshot(let snapshot):
            snapshots += 1
            score = snapshot.view.score.compactText
            guard snapshot.status == .playing else { break }
            playingSnapshots += 1
            if firstSnapshotMicros == nil { firstSnapshotMicros = nowMicros }
            lastSnapshotMicros = nowMicros
            if firstPlayingTick == nil { firstPlayingTick = snapshot.view.tick }
            lastPlayingTick = snapshot.view.tick
        case .play(_, .point):
            pointsPlayed += 1
        default:
            break
        }
    }

    /// Snapshots per second while the match was in play.
    public var rateHz: Double {
        guard let first = firstSnapshotMicros, let last = lastSnapshotMicros, last > first, playingSnapshots > 1
        else { return 0 }
        return Double(playingSnapshots - 1) / (Double(last - first) / 1_000_000)
    }

    /// Ticks of play per snapshot: 1 when every tick came, 2 at 30 Hz, 5 at 12 Hz. Unlike
    /// `rateHz` it does not depend on how fast the server's or this machine's clock ran.
    public var ticksPerSnapshot: Double {
        guard let first = firstPlayingTick, let last = lastPlayingTick, last > first, playingSnapshots > 1
        else { return 0 }
        return Double(last - first) / Double(playingSnapshots - 1)
    }
}
