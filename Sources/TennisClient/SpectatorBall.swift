import TennisCore
import TennisProtocol

/// Where a spectator draws the ball between two snapshots it already has.
///
/// A spectator's picture is drawn a little in the past (`SnapshotBuffer.delay`: the spacing of
/// what arrives plus jitter), the players interpolated between the two snapshots around that
/// moment. The ball is drawn at the same moment, so a hit shows where the racket is. Between
/// hits and bounces it follows known physics: run forward from the earlier snapshot, it is
/// exact. A hit between the two is not known before the later snapshot, but by then it is: the
/// later snapshot's flight, run backwards (an exact parabola: nothing but gravity and spin acts
/// between events, `Physics.step`), meets the earlier one's at the hit. So the ball is drawn on
/// the earlier flight up to the tick where the two are closest, and on the later one after. A
/// serve is drawn so too, out of the toss (which flies by the same physics).
/// At 12 or 20 pictures a second the drawn ball then turns at the racket rather than flying on
/// past it until the next picture arrives (`NETCODE.md`).
public enum SpectatorBall {
    /// The most ticks between two snapshots drawn through (more is a gap in the stream, not a
    /// rate: the ball then moves from one to the other in a straight line).
    public static let maxSpan = 15

    /// The ball `ticks` ticks after `a` (0…`b.tick - a.tick`, fractions too), on the way to `b`.
    public static func position(from a: MatchView, to b: MatchView, ticks: Double, surface: Surface) -> Vec3 {
        let span = Int(b.tick &- a.tick)
        guard b.tick > a.tick, a.ball.visible, b.ball.visible else { return b.ball.position }
        let ticks = min(max(ticks, 0), Double(span))
        let u = ticks / Double(span)
        guard flies(a), flies(b), span <= maxSpan else {
            // Out of play, or a gap: no flight to run; straight from one to the other.
            return lerp(a.ball.position, b.ball.position, u)
        }
        let forward = Flight(a.ball.ball, surface: surface, ticks: span)
        // A hit, or the serve struck out of the toss.
        let hit = b.ball.lastHitter != a.ball.lastHitter || b.ball.bounces < a.ball.bounces
            || (a.phase == .serving && b.phase != .serving)
        guard hit else { return forward.at(ticks) }
        guard b.ball.bounces == 0 else {
            // Hit, then bounced before the later snapshot: no single flight back from it. The
            // earlier flight, bent towards the later snapshot evenly over the span.
            let end = forward.at(Double(span)), here = forward.at(ticks), target = b.ball.position
            return Vec3(x: here.x + (target.x - end.x) * u, y: here.y + (target.y - end.y) * u,
                        z: max(0, here.z + (target.z - end.z) * u))
        }
        // The hit: where the earlier flight, run on, and the later one, run back, are closest
        // (the server's hit sends the ball on from where it was the tick before: the two meet
        // there, on the earlier snapshot's own tick too).
        let later = b.ball.ball
        var hitTick = span, closest = Double.infinity
        for k in 0...span {
            let gap = distance(forward.at(Double(k)), backwards(later, ticks: Double(span - k)))
            if gap < closest {
                closest = gap
                hitTick = k
            }
        }
        return ticks < Double(hitTick) ? forward.at(ticks) : backwards(later, ticks: Double(span) - ticks)
    }

    /// Whether the ball in `view` follows the physics: in a rally, after the point (it flies on,
    /// rolls or lies until the next serve), or tossed for a serve.
    static func flies(_ view: MatchView) -> Bool {
        view.phase == .rally || view.phase == .pointOver || (view.phase == .serving && view.tossing)
    }

    /// Where `ball` was `ticks` ticks earlier, with no event between: its parabola run back.
    static func backwards(_ ball: Ball, ticks: Double) -> Vec3 {
        let t = -ticks * Physics.dt
        let g = Physics.gravity(spin: ball.spin)
        let p = ball.position, v = ball.velocity
        return Vec3(x: p.x + v.x * t, y: p.y + v.y * t, z: max(0, p.z + v.z * t - 0.5 * g * t * t))
    }

    /// A ball's positions tick by tick, run forward with the simulation's own step.
    struct Flight {
        private var balls: [Ball]
        private let surface: Surface

        init(_ ball: Ball, surface: Surface, ticks: Int) {
            self.surface = surface
            var moving = ball
            balls = [ball]
            for _ in 0..<max(ticks, 0) {
                _ = Physics.step(&moving, dt: Physics.dt, surface: surface)
                balls.append(moving)
            }
        }

        /// The position `ticks` ticks on: a whole tick as stepped, a fraction stepped on from the tick before.
        func at(_ ticks: Double) -> Vec3 {
            let whole = min(max(Int(ticks.rounded(.down)), 0), balls.count - 1)
            let fraction = ticks - Double(whole)
            guard fraction > 1e-9, whole + 1 < balls.count else { return balls[whole].position }
            var moving = balls[whole]
            _ = Physics.step(&moving, dt: Physics.dt * fraction, surface: surface)
            return moving.position
        }
    }

    static func lerp(_ a: Vec3, _ b: Vec3, _ u: Double) -> Vec3 {
        Vec3(x: a.x + (b.x - a.x) * u, y: a.y + (b.y - a.y) * u, z: a.z + (b.z - a.z) * u)
    }

    static func distance(_ a: Vec3, _ b: Vec3) -> Double {
        let dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }
}
