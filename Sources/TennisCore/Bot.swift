/// A computer player. It decides only from `MatchView` (what a human sees) and its own random
/// numbers: it serves after a human-like pause (toss, then a second swing timed against the toss
/// with this level's noise), predicts the incoming ball with the same physics (spin included),
/// runs to meet it, swings so contact falls in the window, and walks back to a ready position —
/// or, after an attack, follows it in to the net, where it volleys and smashes.
///
/// Levels 1…5 differ in reaction time, timing noise, positioning error, footwork, shot choice
/// and risk (numbers in `Bot+Skill.swift`):
///
/// | level | reaction | timing σ | position σ | top speed | serve σ | play |
/// |---|---|---|---|---|---|---|
/// | 1 | 22 ticks | 4.0 ticks | 0.7 m | 2.6 m/s | 9 ticks | hits anywhere, 20 % wrong stroke, many nets and outs, no tactics |
/// | 2 | 18 | 3.0 | 0.45 | 2.9 | 7 | sometimes the open court, rare attacks, lobs a net rusher |
/// | 3 | 14 | 2.3 | 0.3 | 3.2 | 5 | open court 60 %, flat attacks 30 %, drop shots, passing shots, some net rushes |
/// | 4 | 10 | 1.8 | 0.18 | 3.5 | 3.5 | open court 80 %, attacks 45 %, follows 35 % of attacks to the net |
/// | 5 | 7 | 1.0 | 0.1 | 3.8 | 2 | open court 90 %, attacks 55 %, net 50 %, best recovery position |
///
/// Measured with `Simulation.simulate` over 100 short sets on hard (seed 42, simulation version 2):
///
/// | match | wins (lower–higher) | hits per point |
/// |---|---|---|
/// | 1 v 2 | 6–94 | 4.4 |
/// | 2 v 3 | 21–79 | 5.7 |
/// | 3 v 4 | 18–82 | 6.4 |
/// | 4 v 5 | 12–88 | 6.9 |
/// | 1 v 5 | 0–100 | 4.6 |
///
/// Strong bots win many points outright (≈ 33 % of level 4's points against level 3 and ≈ 24 %
/// in 5 v 5 are winners: open-court flats, volleys, smashes, drop shots), not only on errors.
/// Bots keep to their top speed (below `Physics.playerSpeed`, which is generous for keyboard
/// players) and hold the aim only until contact.
public struct Bot: Sendable {
    /// Skill, 1 (weakest) … 5 (strongest).
    public let level: Int
    var rng: SplitMix64
    /// The tick at which to serve, once chosen.
    var serveAt: UInt32?
    var serveAim: Int8 = 0
    /// The toss timing this bot aims for on the current toss (ticks after the ideal contact), once chosen.
    var serveTimingTicks: Int?
    /// The serve it will strike (flat, kick or slice).
    var serveKind: ShotKind = .flat
    /// The last `lastHitter` seen, to notice new shots.
    var seenHitter: Int8 = -1
    /// Shots seen this point (1 = the serve).
    var shotsSeen = 0
    /// The tick of the opponent's latest shot as seen.
    var shotSeenAt: UInt32 = 0
    var plan: Plan?
    /// True once the bot follows an attacking shot in to the net (until the point ends).
    var rushing = false
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
        /// Follow this shot in to the net.
        var rush = false
        /// Contact before the bounce (the punch is timed to `Physics.volleySweetSpot`).
        var volley = false
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
            rushing = false
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
            rushing = false
            return .idle
        }
    }

    /// Serves like a person: a pause, a toss (first swing), then a second swing timed against the
    /// toss with this level's noise (`Skill.serveTimingSigma`); a second serve is a safer kick.
    private mutating func serving(view: MatchView) -> PlayerInput {
        if view.tossing {
            // The toss is up: hold the aim and strike when the ball reaches the chosen point.
            if serveTimingTicks == nil {
                serveTimingTicks = Int((Shot.gaussian(&rng) * skill.serveTimingSigma).rounded())
                let r = rng.nextUnit()
                serveKind = view.serveNumber == 2 ? .drive : r < skill.flatServe ? .flat : r < 0.85 ? .drive : .slice
            }
            // The input applies at the next step, when the toss is one tick older.
            let next = Int(view.tossTicks) + 1
            if next - Int(Physics.tossIdealTicks) >= serveTimingTicks ?? 0 && next > Int(Physics.tossGraceTicks) {
                return PlayerInput(moveY: serveAim, swing: serveKind)
            }
            return PlayerInput(moveY: serveAim)
        }
        serveTimingTicks = nil
        guard let at = serveAt else {
            let delay = rng.next(in: 0.4...1.4) + (view.serveNumber == 2 ? 0.3 : 0)
            serveAt = view.tick + UInt32(delay * 60)
            let r = rng.nextUnit()
            serveAim = r < 0.35 ? -1 : r < 0.7 ? 1 : 0
            return .idle
        }
        if view.tick >= at {
            serveAt = view.tick &+ 200  // toss now; if the toss is caught, toss again a little later
            return PlayerInput(swing: .drive)
        }
        return .idle
    }

    private mutating func rally(player: Int, view: MatchView, me: Vec2, speed: Vec2) -> PlayerInput {
        let facing = PlayerState.facing(player)
        if view.ball.lastHitter != seenHitter {
            seenHitter = view.ball.lastHitter
            shotsSeen += 1
            shotSeenAt = view.tick
            if Int(view.ball.lastHitter) == player && plan?.rush == true { rushing = true }
            plan = nil
        }
        // Hold the aim through the swing until contact (the held direction at contact aims the shot).
        let swinging = view.players[player].swing != nil
        if swinging && Int(view.ball.lastHitter) != player { return swingAim }
        guard Int(view.ball.lastHitter) != player else {
            // My shot is on its way: recover to a ready position behind the baseline, or at the
            // net (covering the line of my shot) when following an attack in.
            let ready = rushing
                ? Vec2(x: -facing * Self.netPosition, y: view.ball.position.y * 0.5)
                : Vec2(x: -facing * (Court.halfLength + 0.3), y: view.ball.position.y * skill.shading)
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
        let sweet = plan.volley ? Physics.volleySweetSpot : Physics.sweetSpot
        if remaining <= Int(sweet) + plan.timingOffset {
            swingAim = plan.aim
            return PlayerInput(moveX: plan.aim.moveX, moveY: plan.aim.moveY, swing: plan.shot)
        }
        return steer(from: me, speed: speed, to: plan.spot)
    }

    /// Distance from the net a bot rushing the net waits at, metres.
    static let netPosition = 3.2

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
