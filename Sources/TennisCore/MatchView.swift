/// What anyone watching the court can see at one tick: the part of the match state that
/// is sent to clients, drawn by the renderer, and the only thing a bot may decide from.
public struct MatchView: Equatable, Sendable {
    public var tick: UInt32
    public var phase: Phase
    public var ball: BallView
    public var players: PerPlayer<PlayerView>
    public var score: Score
    /// 1 for a first serve, 2 for a second serve.
    public var serveNumber: UInt8
    /// True while the server's toss is in the air (the ball, visible, rises above the server and
    /// falls; a swing now strikes the serve, best `Physics.tossIdealTicks` after the toss).
    public var tossing: Bool
    /// Ticks since the toss (0 when not tossing).
    public var tossTicks: UInt32

    public init(
        tick: UInt32, phase: Phase, ball: BallView, players: PerPlayer<PlayerView>, score: Score, serveNumber: UInt8,
        tossing: Bool = false, tossTicks: UInt32 = 0
    ) {
        self.tick = tick
        self.phase = phase
        self.ball = ball
        self.players = players
        self.score = score
        self.serveNumber = serveNumber
        self.tossing = tossing
        self.tossTicks = tossing ? tossTicks : 0
    }

    /// The service box the current serve must land in (lines included), for highlighting.
    public var serviceBox: (x: ClosedRange<Double>, y: ClosedRange<Double>) { score.serviceBox }

    /// Timing of a serve struck now, in `Physics.serveTimingSpan` units (0 = ideal, negative =
    /// early); nil when not tossing. Lets a renderer or a bot show or judge the toss.
    public var tossTiming: Double? {
        guard tossing else { return nil }
        return (Double(tossTicks) - Double(Physics.tossIdealTicks)) / Physics.serveTimingSpan
    }
}

/// The stage of the current point.
public enum Phase: UInt8, Equatable, Hashable, Sendable {
    /// The server is getting ready: a swing tosses the ball, a second swing strikes the serve.
    case serving = 0
    /// The ball is in play.
    case rally = 1
    /// The point has been decided; a short pause before the next serve.
    case pointOver = 2
    /// The match has a winner; nothing moves any more.
    case matchOver = 3
}

/// The ball as seen: where it is, where it is going, and whether it is in play.
public struct BallView: Equatable, Sendable {
    public var position: Vec3
    public var velocity: Vec3
    /// False while the server holds the ball before the toss.
    public var visible: Bool
    /// The player who last hit it, if any.
    public var lastHitter: Int8
    /// Bounces since the last hit.
    public var bounces: UInt8
    /// −1 (backspin) … +1 (topspin); needed to advance the ball with `Physics.step` exactly.
    public var spin: Double
    /// How the last shot was played (a smash or a volley, say), for callouts.
    public var stroke: StrokeStyle

    public init(
        position: Vec3, velocity: Vec3, visible: Bool, lastHitter: Int8, bounces: UInt8, spin: Double = 0,
        stroke: StrokeStyle = .groundstroke
    ) {
        self.position = position
        self.velocity = velocity
        self.visible = visible
        self.lastHitter = lastHitter
        self.bounces = bounces
        self.spin = spin
        self.stroke = stroke
    }

    /// The ball as `Physics.step` flies it.
    public var ball: Ball { Ball(position: position, velocity: velocity, spin: spin) }
}

/// A player as seen: position and the swing in progress.
public struct PlayerView: Equatable, Sendable {
    public var position: Vec2
    /// The stroke being swung, or nil when not swinging.
    public var swing: ShotKind?
    /// Ticks since the swing started (0 when not swinging).
    public var swingTicks: UInt8

    public init(position: Vec2, swing: ShotKind? = nil, swingTicks: UInt8 = 0) {
        self.position = position
        self.swing = swing
        self.swingTicks = swingTicks
    }
}
