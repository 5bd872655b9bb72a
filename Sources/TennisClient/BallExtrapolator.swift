import TennisCore
import TennisProtocol

/// Draws the ball where it is now rather than where the last snapshot saw it: between hits and
/// bounces it follows known physics, so the client advances it from the snapshot with the
/// simulation's own ball step. Every snapshot (and so every hit and bounce) corrects it.
public enum BallExtrapolator {
    /// The ball `seconds` after `view` was taken (at most a quarter second ahead).
    public static func position(_ view: MatchView, after seconds: Double, surface: Surface) -> Vec3 {
        let ball = view.ball
        guard ball.visible, view.phase == .rally, seconds > 0 else { return ball.position }
        var moving = ball.ball
        let steps = min(15, Int((seconds * Double(MatchState.ticksPerSecond)).rounded()))
        for _ in 0..<steps { _ = Physics.step(&moving, dt: MatchState.dt, surface: surface) }
        return moving.position
    }

    /// Where the ball in flight will bounce next, from `view` with the simulation's own ball step
    /// (nil when it is not in a rally, has already bounced, or is stopped by the net first). What
    /// a receiver reads to run to the ball; every snapshot corrects it.
    public static func nextBounce(_ view: MatchView, surface: Surface, within seconds: Double = 3) -> Vec2? {
        let ball = view.ball
        guard ball.visible, view.phase == .rally, ball.bounces == 0 else { return nil }
        var moving = ball.ball
        for _ in 0..<Int(seconds * Double(MatchState.ticksPerSecond)) {
            let result = Physics.step(&moving, dt: MatchState.dt, surface: surface)
            if result.hitNet { return nil }
            if let bounce = result.bounce { return bounce }
        }
        return nil
    }
}
