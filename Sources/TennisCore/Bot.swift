/// A computer player. It decides only from `MatchView` (what a human sees) and its own random
/// numbers: it serves after a human-like pause, predicts the incoming ball with the same physics,
/// runs to meet it, swings so contact falls in the window, and walks back to a ready position.
///
/// Levels 1…5 differ in reaction time, timing noise, positioning error, footwork, shot choice
/// and risk (numbers in `Bot+Skill.swift`):
///
/// | level | reaction | timing σ | position σ | top speed | play |
/// |---|---|---|---|---|---|
/// | 1 | 22 ticks | 4.0 ticks | 0.7 m | 2.6 m/s | hits anywhere, 20 % wrong stroke, many nets and outs, no tactics |
/// | 2 | 18 | 3.0 | 0.45 | 2.9 | sometimes the open court, rare attacks, lobs a net rusher |
/// | 3 | 14 | 2.3 | 0.3 | 3.2 | open court 60 %, attacks a short or wide ball 30 %, drop shots, shades its recovery |
/// | 4 | 10 | 1.8 | 0.18 | 3.5 | open court 80 %, attacks 45 % |
/// | 5 | 7 | 1.0 | 0.1 | 3.8 | open court 90 %, attacks 55 %, best recovery position |
///
/// Measured with `Simulation.simulate` over 100 short sets on hard (seed 42): each level beats
/// the one below in 82–91 % of matches and level 5 beats level 1 in all; hits per point ≈ 3.8
/// (1 v 1), 6.7 (3 v 3), 9.9 (5 v 5). Bots keep to their top speed (below `Physics.playerSpeed`,
/// which is generous for keyboard players) and hold the aim only until contact.
public struct Bot: Sendable {
    /// Skill, 1 (weakest) … 5 (strongest).
    public let level: Int
    var rng: SplitMix64
    /// The tick at which to serve, once chosen.
    var serveAt: UInt32?
    var serveAim: Int8 = 0
    /// The last `lastHitter` seen, to notice new shots.
    var seenHitter: Int8 = -1
    /// Shots seen this point (1 = the serve).
    var shotsSeen = 0
    /// The tick of the opponent's latest shot as seen.
    var shotSeenAt: UInt32 = 0
    var plan: Plan?
    var plannedAt: UInt32 = 0
    var plannedBounces: UInt8 = 0
    var swingAim = PlayerInput.idle
    var lastPosition: Vec2?
    /// The court the bot assumes when predicting bounces (the view does not carry it).
    public var surface: Surface = .hard

    /// What the bot means to do about the incoming shot.
    struct Plan: Sendable {
        /// Where to stand.
        var spot: Vec2
        /// The view tick at which the ball reaches the strike point (swing `sweetSpot` ticks before).
        var contactTick: UInt32
        /// False if the bot lets the ball go (it judges it out).
        var play: Bool
        var shot: ShotKind
        var aim: PlayerInput
        /// Per-shot timing noise, in ticks.
        var timingOffset: Int
        /// Per-shot positioning error, metres across the court.
        var lateralError: Double
    }

    /// A bot of skill `level` (clamped to 1…5) with its own random seed.
    public init(level: Int, seed: UInt64) {
        self.level = max(1, min(5, level))
        self.rng = SplitMix64(seed: seed ^ 0xB07B_07B0_7B07_B07B)
    }

    var reactionTicks: UInt32 { skill.reactionTicks }
    var timingSigma: Double { skill.timingSigma }
    var positionSigma: Double { skill.positionSigma }

    /// The input for `player` this tick, decided from `view` alone.
    public mutating func input(for player: Int, view: MatchView) -> PlayerInput {
        let me = view.players[player].position
        let speed = lastPosition.map { Vec2(x: (me.x - $0.x) * 60, y: (me.y - $0.y) * 60) } ?? .zero
        lastPosition = me
        switch view.phase {
        case .serving:
            plan = nil
            seenHitter = -1
            shotsSeen = 0
            if Int(view.score.server) == player { return serving(view: view) }
            serveAt = nil
            return .idle
        case .rally:
            serveAt = nil
            return rally(player: player, view: view, me: me, speed: speed)
        case .pointOver, .matchOver:
            serveAt = nil
            plan = nil
            return .idle
        }
    }

    private mutating func serving(view: MatchView) -> PlayerInput {
        if view.ball.visible { return PlayerInput(moveY: serveAim) }  // the toss is up: hold the aim
        guard let at = serveAt else {
            let delay = rng.next(in: 0.4...1.4) + (view.serveNumber == 2 ? 0.3 : 0)
            serveAt = view.tick + UInt32(delay * 60)
            let r = rng.nextUnit()
            serveAim = r < 0.35 ? -1 : r < 0.7 ? 1 : 0
            return .idle
        }
        return view.tick >= at ? PlayerInput(swing: .drive) : .idle
    }

    private mutating func rally(player: Int, view: MatchView, me: Vec2, speed: Vec2) -> PlayerInput {
        let facing = PlayerState.facing(player)
        if view.ball.lastHitter != seenHitter {
            seenHitter = view.ball.lastHitter
            shotsSeen += 1
            shotSeenAt = view.tick
            plan = nil
        }
        // Hold the aim through the swing until contact (the held direction at contact aims the shot).
        let swinging = view.players[player].swing != nil
        if swinging && Int(view.ball.lastHitter) != player { return swingAim }
        guard Int(view.ball.lastHitter) != player else {
            // My shot is on its way: recover to a ready position behind the baseline.
            let ready = Vec2(x: -facing * (Court.halfLength + 0.3), y: view.ball.position.y * skill.shading)
            return steer(from: me, speed: speed, to: ready)
        }
        if view.tick < shotSeenAt + reactionTicks { return .idle }
        if plan == nil || view.ball.bounces != plannedBounces || view.tick >= plannedAt + 15 {
            let old = plan
            plan = makePlan(player: player, view: view, me: me, keeping: old)
            plannedAt = view.tick
            plannedBounces = view.ball.bounces
        }
        guard let plan, plan.play else {
            let ready = Vec2(x: -facing * (Court.halfLength + 0.3), y: me.y * 0.5)
            return steer(from: me, speed: speed, to: ready)
        }
        let remaining = Int(plan.contactTick) - Int(view.tick)
        if remaining <= Int(Physics.sweetSpot) + plan.timingOffset {
            swingAim = plan.aim
            return PlayerInput(moveX: plan.aim.moveX, moveY: plan.aim.moveY, swing: plan.shot)
        }
        return steer(from: me, speed: speed, to: plan.spot)
    }

    /// Bang-bang steering with anticipation of the braking distance, easing off the keys at
    /// this level's `topSpeed` (a bot never runs faster than its footwork allows).
    func steer(from me: Vec2, speed: Vec2, to target: Vec2) -> PlayerInput {
        var moveX = Self.axis(me.x, speed.x, target.x), moveY = Self.axis(me.y, speed.y, target.y)
        let top = skill.topSpeed
        if speed.x * speed.x + speed.y * speed.y >= top * top {
            if Double(moveX) * speed.x > 0 { moveX = 0 }
            if Double(moveY) * speed.y > 0 { moveY = 0 }
        }
        return PlayerInput(moveX: moveX, moveY: moveY)
    }

    private static func axis(_ at: Double, _ v: Double, _ target: Double) -> Int8 {
        let d = target - at
        let stopping = v * v / (2 * Physics.playerBraking) + 0.06
        if abs(d) < 0.1 { return 0 }
        if d * v > 0 && abs(d) <= stopping { return 0 }
        return d > 0 ? 1 : -1
    }
}
