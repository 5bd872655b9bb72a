import TennisCore
import TennisProtocol

/// Recent snapshots with their arrival times, for drawing the opponent smoothly: the opponent
/// is shown a little in the past, interpolated between the two snapshots around that moment.
/// The delay adapts to what arrives: the spacing between snapshots in play (one tick at 60 Hz,
/// three or five when a busy server sends the newest state at 20 or 12 Hz) plus twice the mean
/// deviation of arrival gaps from the ticks they cover.
public struct SnapshotBuffer: Sendable {
    private var entries: [(snapshot: Snapshot, arrived: Double)] = []
    /// Smoothed seconds between two snapshots in play.
    private var spacing = 1.0 / Double(MatchState.ticksPerSecond)
    private var jitter = 0.0
    public let capacity: Int

    public init(capacity: Int = 32) {
        self.capacity = capacity
    }

    public var latest: Snapshot? { entries.last?.snapshot }
    public var latestArrival: Double? { entries.last?.arrived }

    /// The interpolation delay in seconds.
    public var delay: Double { max(1.0 / Double(MatchState.ticksPerSecond), spacing) + 2 * jitter }

    public mutating func insert(_ snapshot: Snapshot, arrived: Double) {
        if let last = entries.last {
            guard snapshot.view.tick > last.snapshot.view.tick else {
                if snapshot.view.tick < last.snapshot.view.tick {
                    entries.removeAll()
                    entries.append((snapshot, arrived))
                } else {
                    // The same tick again (a paused or finished match's keyframe): it is the
                    // newest word on the status, and the clock of the next gap starts from it.
                    entries[entries.count - 1] = (snapshot, arrived)
                }
                return
            }
            // Out of play the server sends a keyframe a second, not one a tick: that silence is
            // not jitter, so only gaps between two snapshots in play are measured.
            if last.snapshot.status == .playing, snapshot.status == .playing {
                let ticks = Double(snapshot.view.tick - last.snapshot.view.tick)
                let gap = (arrived - last.arrived) / ticks
                spacing += (arrived - last.arrived - spacing) * 0.1
                jitter += (abs(gap - 1.0 / Double(MatchState.ticksPerSecond)) - jitter) * 0.1
            }
        }
        entries.append((snapshot, arrived))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// Player `index`'s position as of `now - delay`, interpolated between snapshots.
    public func interpolatedPosition(of index: Int, at now: Double) -> Vec2? {
        guard let last = entries.last else { return nil }
        let target = now - delay
        guard let after = entries.firstIndex(where: { $0.arrived >= target }) else {
            return last.snapshot.view.players[index].position
        }
        guard after > 0 else { return entries[after].snapshot.view.players[index].position }
        let a = entries[after - 1], b = entries[after]
        let span = b.arrived - a.arrived
        let t = span > 0 ? (target - a.arrived) / span : 1
        let pa = a.snapshot.view.players[index].position, pb = b.snapshot.view.players[index].position
        // A jump (a new point's positions) is not smeared across the court.
        if abs(pa.x - pb.x) + abs(pa.y - pb.y) > 2 { return pb }
        return Vec2(x: pa.x + (pb.x - pa.x) * t, y: pa.y + (pb.y - pa.y) * t)
    }
}
