/// What a match is set up with. Same config and same inputs ⇒ the same match, bit for bit.
public struct MatchConfig: Sendable, Equatable, Hashable {
    /// Seeds the match's random numbers (shot and serve error).
    public var seed: UInt64
    public var format: MatchFormat
    public var surface: Surface

    public init(seed: UInt64, format: MatchFormat = .short, surface: Surface = .hard) {
        self.seed = seed
        self.format = format
        self.surface = surface
    }
}

/// The whole, authoritative state of one match, advanced by `step` at a fixed 60 Hz.
///
/// Phases: `.serving` (server placed, ball held; a first swing tosses, a second swing strikes —
/// timed against the toss, see `MatchState+Serve.swift` — or the serve goes automatically after
/// `Physics.autoServeTicks`), `.rally` (ball in play), `.pointOver` (a pause
/// of `Physics.pointOverTicks` after a point, and a shorter one after a fault or let, with the ball
/// still flying), `.matchOver` (only the tick advances).
///
/// Serving sides: the deuce court is the server's right-hand side. Player 0 faces +x, so
/// their right is +y; player 1 faces −x, so their right is −y. The serve goes to the diagonal box.
public struct MatchState: Sendable, Equatable {
    public static let ticksPerSecond = 60
    public static let dt = 1.0 / 60

    public var config: MatchConfig
    /// Ticks stepped since the start; the only clock.
    public var tick: UInt32
    public var score: Score
    public var phase: Phase
    public var ball: Ball
    public var ballVisible: Bool
    /// The player who last hit the ball, or −1.
    public var lastHitter: Int8
    /// Bounces since the last hit.
    public var bounces: UInt8
    public var players: PerPlayer<PlayerState>
    /// 1 for a first serve, 2 for a second serve.
    public var serveNumber: UInt8
    /// The match's random numbers (shot and serve error). Bots have their own.
    public var rng: SplitMix64
    /// Ticks since the current phase began.
    public var phaseTicks: UInt32
    /// True while the server's toss is in the air.
    public var tossing: Bool
    /// Ticks since the toss.
    public var tossTicks: UInt32
    /// Tosses caught (not struck) so far for the current serve.
    public var tossCatches: UInt8
    /// True while the current toss is the automatic serve of an idle server.
    public var autoServing: Bool
    /// How the last shot was played (volley, smash, ...).
    public var lastStroke: StrokeStyle
    /// True while the ball in play is a serve nobody has returned.
    public var serveInPlay: Bool
    /// True if the current shot clipped the net tape.
    public var clippedTape: Bool
    /// Hits in the current point, the serve included.
    public var rallyHits: UInt16
    /// Points completed so far.
    public var pointsPlayed: UInt32
    /// True if the pause in `.pointOver` ends in a new point; false if it ends in a re-serve (after a fault or let).
    public var pointDecided: Bool

    /// A new match, ready for the first serve.
    public init(config: MatchConfig) {
        self.config = config
        self.tick = 0
        self.score = Score(format: config.format)
        self.phase = .serving
        self.ball = Ball(position: .zero, velocity: .zero)
        self.ballVisible = false
        self.lastHitter = -1
        self.bounces = 0
        self.players = PerPlayer(PlayerState(position: .zero), PlayerState(position: .zero))
        self.serveNumber = 1
        self.rng = SplitMix64(seed: config.seed)
        self.phaseTicks = 0
        self.tossing = false
        self.tossTicks = 0
        self.tossCatches = 0
        self.autoServing = false
        self.lastStroke = .serve
        self.serveInPlay = false
        self.clippedTape = false
        self.rallyHits = 0
        self.pointsPlayed = 0
        self.pointDecided = false
        setUpServe()
    }

    /// What clients and bots see.
    public var view: MatchView {
        MatchView(
            tick: tick, phase: phase,
            ball: BallView(
                position: ball.position, velocity: ball.velocity, visible: ballVisible,
                lastHitter: lastHitter, bounces: bounces, spin: ball.spin, stroke: lastStroke),
            players: PerPlayer(players.left.view, players.right.view),
            score: score, serveNumber: serveNumber, tossing: tossing, tossTicks: tossTicks)
    }

    /// Advances the match by one tick (`dt`) with both players' inputs, appending what happened to `events`.
    public mutating func step(inputs: PerPlayer<PlayerInput>, events: inout [MatchEvent]) {
        tick &+= 1
        guard phase != .matchOver else { return }
        phaseTicks &+= 1
        switch phase {
        case .serving: stepServing(inputs: inputs, events: &events)
        case .rally: stepRally(inputs: inputs, events: &events)
        case .pointOver: stepPointOver(inputs: inputs, events: &events)
        case .matchOver: break
        }
    }

    /// The player not `player`.
    static func other(_ player: Int) -> Int { 1 - player }

    /// Moves both players freely and advances their swings.
    mutating func moveFreely(inputs: PerPlayer<PlayerInput>) {
        for p in 0...1 {
            players[p].move(input: inputs[p], side: -PlayerState.facing(p), dt: Self.dt)
            players[p].advanceSwing(input: inputs[p])
        }
    }

    private mutating func stepPointOver(inputs: PerPlayer<PlayerInput>, events: inout [MatchEvent]) {
        moveFreely(inputs: inputs)
        if ballVisible { _ = Physics.step(&ball, dt: Self.dt, surface: config.surface) }
        let pause = pointDecided ? Physics.pointOverTicks : Physics.pointOverTicks / 2
        guard phaseTicks >= pause else { return }
        if score.isOver {
            phase = .matchOver
            phaseTicks = 0
        } else {
            setUpServe()
        }
    }
}
