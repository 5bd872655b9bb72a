/// The bot's prediction: run the incoming ball forward with the match physics and pick where to meet it.
extension Bot {
    /// Plans how to meet the incoming ball. Keeps the shot, aim and noise of `old` (a re-plan of the same shot).
    mutating func makePlan(player: Int, view: MatchView, me: Vec2, keeping old: Plan?) -> Plan? {
        let facing = PlayerState.facing(player)
        let isServe = shotsSeen <= 1
        var ball = view.ball.ball
        var bounces = view.ball.bounces
        var best: (score: Double, i: Int, spot: Vec2, z: Double, volley: Bool)?
        var fallback: (short: Double, i: Int, spot: Vec2, z: Double, volley: Bool)?
        let lateral = old?.lateralError ?? Shot.gaussian(&rng) * positionSigma
        for i in 1..<300 {
            let result = Physics.step(&ball, dt: Physics.dt, surface: surface)
            if result.hitNet && bounces == 0 { return nil }
            if let at = result.bounce {
                bounces += 1
                if bounces == 1 && !Self.good(at, player: player, isServe: isServe, view: view) {
                    return Plan(
                        spot: me, contactTick: 0, play: false, shot: .drive, aim: .idle, timingOffset: 0,
                        lateralError: lateral)
                }
                if bounces >= 2 { break }
            }
            // Sample i: the ball as the contact rule will see it i ticks from now.
            let b = ball.position
            let volley = bounces == 0
            guard b.x * facing < 0, b.z <= Physics.maxHitHeight - 0.25, b.z >= 0.1, !(volley && isServe) else {
                continue
            }
            let spot = Vec2(x: b.x - facing * Physics.strikeAhead, y: b.y - facing * 0.6 + lateral)
            guard spot.x * -facing >= Physics.minDistanceFromNet else { continue }
            let dx = spot.x - me.x, dy = spot.y - me.y
            let travel = (dx * dx + dy * dy).squareRoot()
            let canRun = skill.topSpeed * (Double(i) * Physics.dt - 0.12)
            // At the net a bot volleys (and smashes); from the back it lets the ball bounce.
            let score = travel + (volley ? (rushing ? -1.0 : 2.0) : 0) + (b.z < 0.35 ? 0.8 : 0)
            if travel <= canRun {
                if best.map({ score < $0.score }) ?? true { best = (score, i, spot, b.z, volley) }
            } else if fallback.map({ travel - canRun < $0.short }) ?? true {
                fallback = (travel - canRun, i, spot, b.z, volley)
            }
        }
        guard let pick = best.map({ ($0.i, $0.spot, $0.z, $0.volley) })
            ?? fallback.map({ ($0.i, $0.spot, $0.z, $0.volley) })
        else {
            return nil
        }
        var plan = old ?? choose(player: player, view: view, spot: pick.1, contactHeight: pick.2, lateral: lateral)
        plan.spot = pick.1
        plan.contactTick = view.tick + UInt32(pick.0)
        plan.play = true
        plan.volley = pick.3
        return plan
    }

    /// True if a first bounce at `at` would be good for the shot coming at `player`.
    static func good(_ at: Vec2, player: Int, isServe: Bool, view: MatchView) -> Bool {
        let facing = PlayerState.facing(player)
        guard at.x * facing < 0, Physics.insideSingles(at) else { return false }
        guard isServe else { return true }
        let server = Int(view.score.server)
        let serverSide = view.score.serveFromRight ? PlayerState.facing(server) : -PlayerState.facing(server)
        return abs(at.x) <= Court.serviceLineFromNet && at.y * -serverSide >= 0
    }

    /// Picks the stroke, aim and this shot's timing noise.
    private mutating func choose(
        player: Int, view: MatchView, spot: Vec2, contactHeight: Double, lateral: Double
    ) -> Plan {
        let opponent = view.players[1 - player].position
        let skill = skill
        let r = rng.nextUnit()
        var shot: ShotKind = .drive
        let opponentAtNet = abs(opponent.x) < 6.5
        if opponentAtNet && level >= 2 && r < skill.lob {
            shot = .lob
        } else if opponentAtNet && level >= 3 && r < skill.lob + skill.attack {
            shot = .flat  // a passing shot
        } else if contactHeight < 0.35 {
            shot = .slice
        } else if abs(spot.x) < 8.5 && abs(opponent.x) > 11 && r < skill.drop {
            shot = .drop
        } else if r > 0.9 {
            shot = .slice
        }
        if rng.nextUnit() < skill.wrongShot {
            shot = ShotKind.allCases[Int(rng.next() % 4)]
        }
        var aimY: Int8
        if (abs(opponent.y) > 0.6 || shot == .flat) && rng.nextUnit() < skill.openCourt {
            aimY = opponent.y > 0 ? -1 : 1
        } else {
            let a = rng.nextUnit()
            aimY = a < 0.35 ? -1 : a < 0.7 ? 1 : 0
        }
        // A flat attacking drive when the opponent is stretched wide or the ball sits up short.
        let chance = abs(opponent.y) > 1.5 || abs(spot.x) < 9.5
        let attack = shot == .drive && chance && rng.nextUnit() < skill.attack
        if attack && level >= 3 { shot = .flat }
        let aimX: Int8 = attack ? Int8(PlayerState.facing(player)) : 0
        let offset = Int((Shot.gaussian(&rng) * timingSigma).rounded())
        // Follow an attack (or any shot from well inside the court) in to the net.
        let rush = (attack || abs(spot.x) < 7) && rng.nextUnit() < skill.netRush
        return Plan(
            spot: spot, contactTick: 0, play: true, shot: shot, aim: PlayerInput(moveX: aimX, moveY: aimY),
            timingOffset: offset, lateralError: lateral, rush: rush)
    }
}
