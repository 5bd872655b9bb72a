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
}
