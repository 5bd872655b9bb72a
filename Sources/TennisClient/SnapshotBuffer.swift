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
                // The deviation of the whole gap from the ticks it covers: at 12 Hz a snapshot 10 ms
                // late is as late as at 60 Hz, and the delay must cover it just the same.
                let ticks = Double(snapshot.view.tick - last.snapshot.view.tick)
                let gap = arrived - last.arrived
                spacing += (gap - spacing) * 0.1
                jitter += (abs(gap - ticks / Double(MatchState.ticksPerSecond)) - jitter) * 0.1
            }
        }
        entries.append((snapshot, arrived))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// Where the moment drawn at `now` (`now - delay`) falls among the snapshots kept.
    public enum Moment {
        /// Before the oldest one.
        case before(Snapshot)
        /// Between two, `fraction` of the way from the first to the second (by arrival).
        case between(Snapshot, Snapshot, fraction: Double)
        /// After the newest one: `seconds` after it arrived (the stream is late).
        case after(Snapshot, seconds: Double)
    }

    public func moment(at now: Double) -> Moment? {
        guard let last = entries.last else { return nil }
        let target = now - delay
        guard let after = entries.firstIndex(where: { $0.arrived >= target }) else {
            return .after(last.snapshot, seconds: target - last.arrived)
        }
        guard after > 0 else { return .before(entries[after].snapshot) }
        let a = entries[after - 1], b = entries[after]
        let span = b.arrived - a.arrived
        return .between(a.snapshot, b.snapshot, fraction: span > 0 ? (target - a.arrived) / span : 1)
    }

    /// Player `index`'s position as of `now - delay`, interpolated between snapshots.
    public func interpolatedPosition(of index: Int, at now: Double) -> Vec2? {
        switch moment(at: now) {
        case nil: return nil
        case .before(let snapshot), .after(let snapshot, _): return snapshot.view.players[index].position
        case .between(let a, let b, let t):
            let pa = a.view.players[index].position, pb = b.view.players[index].position
            // A jump (a new point's positions) is not smeared across the court.
            if abs(pa.x - pb.x) + abs(pa.y - pb.y) > 2 { return pb }
            return Vec2(x: pa.x + (pb.x - pa.x) * t, y: pa.y + (pb.y - pa.y) * t)
        }
    }

    /// The ball as of `now - delay`, the moment the players are drawn at (`SpectatorBall`), and
    /// the server tick that moment is (fractions between two): what a spectator draws. Past the
    /// newest snapshot (a late stream) it is run forward from it, at most a quarter second.
    public func spectatorBall(at now: Double, surface: Surface) -> (position: Vec3, tick: Double)? {
        switch moment(at: now) {
        case nil: return nil
        case .before(let snapshot): return (snapshot.view.ball.position, Double(snapshot.view.tick))
        case .after(let snapshot, let seconds):
            let ahead = min(0.25, max(0, seconds))
            let moving = snapshot.view.phase == .rally && snapshot.view.ball.visible
            return (BallExtrapolator.position(snapshot.view, after: ahead, surface: surface),
                    Double(snapshot.view.tick) + (moving ? (ahead * Double(MatchState.ticksPerSecond)).rounded() : 0))
        case .between(let a, let b, let t):
            let ticks = min(max(t, 0), 1) * Double(b.view.tick &- a.view.tick)
            return (SpectatorBall.position(from: a.view, to: b.view, ticks: ticks, surface: surface),
                    Double(a.view.tick) + ticks)
        }
    }
}
