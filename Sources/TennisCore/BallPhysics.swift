/// The ball's flight: a point under (scaled) gravity, bouncing off the court and stopped by the net.
///
/// `spin` is −1…1: positive is topspin (the ball dips in flight and kicks up and on at the bounce),
/// negative is backspin (it floats a little, then stays low and slows at the bounce). Spin only
/// changes the vertical acceleration in flight (`Physics.gravity(spin:)`), so the flight stays an
/// exact parabola between events.
public struct Ball: Equatable, Hashable, Sendable {
    public var position: Vec3
    public var velocity: Vec3
    /// −1 (full backspin) … 0 (flat) … +1 (full topspin).
    public var spin: Double

    public init(position: Vec3, velocity: Vec3, spin: Double = 0) {
        self.position = position
        self.velocity = velocity
        self.spin = max(-1, min(1, spin))
    }

    /// True once the ball has stopped bouncing and rolls (or lies) on the ground.
    public var isRolling: Bool { position.z <= 0 && velocity.z == 0 }
}

/// What happened to the ball during one step.
public struct BallStepResult: Equatable, Sendable {
    /// Where the ball touched the ground, if it bounced (only the first bounce of a step is reported).
    public var bounce: Vec2?
    /// The ball hit the net and stayed on the side it came from.
    public var hitNet = false
    /// The ball clipped the tape and went on over the net.
    public var clippedTape = false

    public init() {}
}

extension Physics {
    /// Advances `ball` by `dt` seconds on `surface`: exact ballistic flight, with the net and the
    /// ground handled at the exact moment they are reached (up to three events per step).
    public static func step(_ ball: inout Ball, dt: Double = Physics.dt, surface: Surface) -> BallStepResult {
        var result = BallStepResult()
        var remaining = dt
        var guardCount = 0
        while remaining > 0 && guardCount < 4 {
            guardCount += 1
            if ball.isRolling {
                roll(&ball, dt: remaining)
                return result
            }
            let p = ball.position, v = ball.velocity
            let g = gravity(spin: ball.spin)
            // Time to reach the ground (z = 0) while falling.
            let disc = v.z * v.z + 2 * g * p.z
            let tGround = (v.z + disc.squareRoot()) / g
            // Time to reach the net plane, if moving towards it.
            var tNet = Double.infinity
            if p.x != 0 && v.x != 0 && (p.x > 0) != (v.x > 0) { tNet = -p.x / v.x }
            let tEvent = min(tGround, tNet)
            if tEvent > remaining {
                fly(&ball, t: remaining)
                return result
            }
            fly(&ball, t: tEvent)
            remaining -= tEvent
            if tNet <= tGround {
                netContact(&ball, result: &result)
            } else {
                bounce(&ball, surface: surface, result: &result)
            }
        }
        return result
    }

    /// The downward acceleration of a ball with `spin`: topspin adds to gravity (the ball dips),
    /// backspin takes a little away (it floats). A simple vertical-only Magnus effect.
    public static func gravity(spin: Double) -> Double {
        gravity * (1 + (spin >= 0 ? topspinDip : backspinFloat) * spin)
    }

    /// Vertical restitution of a bounce on `surface` for a ball with `spin` (topspin kicks up, backspin stays low).
    public static func restitution(_ surface: Surface, spin: Double) -> Double {
        min(maxRestitution, surface.restitution * (1 + (spin >= 0 ? spinKick : spinDamp) * spin))
    }

    /// Horizontal speed kept through a bounce on `surface` for a ball with `spin` (topspin keeps more, backspin bites).
    public static func horizontalRetention(_ surface: Surface, spin: Double) -> Double {
        min(maxRetention, surface.horizontalRetention * (1 + (spin >= 0 ? spinRun : spinBite) * spin))
    }

    private static func fly(_ ball: inout Ball, t: Double) {
        let g = gravity(spin: ball.spin)
        ball.position.x += ball.velocity.x * t
        ball.position.y += ball.velocity.y * t
        ball.position.z += ball.velocity.z * t - 0.5 * g * t * t
        ball.velocity.z -= g * t
        if ball.position.z < 0 { ball.position.z = 0 }
    }

    private static func roll(_ ball: inout Ball, dt: Double) {
        ball.position.x += ball.velocity.x * dt
        ball.position.y += ball.velocity.y * dt
        let keep = max(0, 1 - rollFriction * dt)
        ball.velocity.x *= keep
        ball.velocity.y *= keep
    }

    private static func bounce(_ ball: inout Ball, surface: Surface, result: inout BallStepResult) {
        ball.position.z = 0
        if result.bounce == nil { result.bounce = ball.position.ground }
        let up = -ball.velocity.z * restitution(surface, spin: ball.spin)
        ball.velocity.z = up < rollThreshold ? 0 : up
        let keep = horizontalRetention(surface, spin: ball.spin)
        ball.velocity.x *= keep
        ball.velocity.y *= keep
        ball.spin *= spinAfterBounce
    }

    private static func netContact(_ ball: inout Ball, result: inout BallStepResult) {
        let direction: Double = ball.velocity.x > 0 ? 1 : -1
        guard abs(ball.position.y) <= netHalfSpan else {
            ball.position.x = direction * 1e-9  // around the post: nothing to hit
            return
        }
        let clearance = ball.position.z - netHeight(atY: ball.position.y)
        if clearance >= 0 {
            ball.position.x = direction * 1e-9  // clean over
        } else if clearance >= -tapeBand {
            // Clipped the tape: it trickles over, slowed, popping up a little.
            result.clippedTape = true
            ball.position.x = direction * 1e-9
            ball.position.z = netHeight(atY: ball.position.y)
            ball.velocity.x *= 0.45
            ball.velocity.y *= 0.45
            ball.velocity.z = abs(ball.velocity.z) * 0.3 + 0.4
        } else {
            // Into the net: it drops dead on the side it came from.
            result.hitNet = true
            ball.position.x = -direction * 0.05
            ball.velocity.x = -ball.velocity.x * 0.1
            ball.velocity.y *= 0.3
            ball.velocity.z = min(ball.velocity.z, 0) * 0.3
        }
    }

    /// True if a bounce at `point` is inside the singles court (lines are in).
    public static func insideSingles(_ point: Vec2) -> Bool {
        abs(point.x) <= Court.halfLength && abs(point.y) <= Court.halfSinglesWidth
    }
}
