/// Serving: placing the players, the toss, the serve itself, faults and lets.
extension MatchState {
    /// The side of the centre line (sign of y) the server serves from for the current point.
    public var serverYSign: Double {
        let facing = PlayerState.facing(Int(score.server))
        return score.serveFromRight ? facing : -facing
    }

    /// The sign of y of the service box the serve must land in (diagonally opposite the server).
    public var serviceBoxYSign: Double { -serverYSign }

    /// True if a bounce at `point` is in the service box the current serve must land in (lines are in).
    public func inServiceBox(_ point: Vec2) -> Bool {
        let box = score.serviceBox
        return box.x.contains(point.x) && box.y.contains(point.y)
    }

    /// Starts a serve: server behind the baseline on the correct half, receiver diagonally
    /// opposite, ball held, phase `.serving`. Keeps `serveNumber` (for a second serve or a let).
    mutating func setUpServe() {
        let server = Int(score.server), receiver = Self.other(server)
        let back = Court.halfLength + Physics.serveBehindBaseline
        players[server] = PlayerState(
            position: Vec2(x: -PlayerState.facing(server) * back, y: serverYSign * 1.0))
        players[receiver] = PlayerState(
            position: Vec2(x: -PlayerState.facing(receiver) * (Court.halfLength + 0.5), y: serviceBoxYSign * 2.6))
        phase = .serving
        phaseTicks = 0
        tossing = false
        tossTicks = 0
        tossCatches = 0
        autoServing = false
        ballVisible = false
        ball = Ball(position: Vec3(x: players[server].position.x, y: players[server].position.y, z: 1.0), velocity: .zero)
        lastHitter = -1
        bounces = 0
        serveInPlay = false
        clippedTape = false
        rallyHits = 0
        pointDecided = false
    }

    /// The serve: toss, then hit.
    ///
    /// - A swing while the ball is held tosses it (it rises from `tossHeight` to ≈ 2.66 m above
    ///   the server and falls back). The server may move sideways only before the toss.
    /// - A second swing strikes the serve. Its timing against the ideal contact
    ///   (`tossIdealTicks` after the toss) sets power and accuracy: within `servePerfectTicks`
    ///   it is a fast, accurate serve; the further off, the slower and wilder (see
    ///   `Shot.serve(…timing:…)`); more than `serveMishit × serveTimingSpan` ticks off it is a
    ///   mishit into the net (a fault). Presses in the first `tossGraceTicks` after the toss are
    ///   ignored (a double-tap or key repeat is not a serve). The swing's `ShotKind` picks the
    ///   serve: flat, slice or kick (anything else).
    /// - A toss not struck by the time it falls to `tossCatchHeight` is caught and may be tossed
    ///   again, without penalty, `maxTossCatches` times per serve; the next unstruck toss is a fault.
    /// - An idle server tosses automatically after `autoServeTicks` and strikes an average serve
    ///   (`autoServeTiming`); a swing during that toss strikes it instead.
    mutating func stepServing(inputs: PerPlayer<PlayerInput>, events: inout [MatchEvent]) {
        let server = Int(score.server), receiver = Self.other(server)
        players[receiver].move(input: inputs[receiver], side: -PlayerState.facing(receiver), dt: Self.dt)
        players[receiver].advanceSwing(input: inputs[receiver])
        if !tossing {
            // Sideways only, along the baseline, within the serving half.
            let sideways = PlayerInput(moveX: 0, moveY: inputs[server].moveY)
            players[server].move(input: sideways, side: -PlayerState.facing(server), dt: Self.dt)
            let sign = serverYSign
            let across = players[server].position.y * sign
            if across < 0.2 || across > Court.halfSinglesWidth {
                players[server].position.y = sign * min(max(across, 0.2), Court.halfSinglesWidth)
                players[server].velocity.y = 0
            }
            ball.position = Vec3(x: players[server].position.x, y: players[server].position.y, z: 1.0)
            if inputs[server].swing != nil {
                startToss(auto: false)
            } else if phaseTicks >= Physics.autoServeTicks {
                startToss(auto: true)
            }
            return
        }
        tossTicks += 1
        _ = Physics.step(&ball, dt: Self.dt, surface: config.surface)
        let autoTick = Physics.tossIdealTicks + UInt32(Physics.autoServeTiming * Physics.serveTimingSpan)
        if let kind = inputs[server].swing, tossTicks > Physics.tossGraceTicks {
            hitServe(kind: kind, moveY: inputs[server].moveY, events: &events)
        } else if autoServing && tossTicks >= autoTick {
            hitServe(kind: .drive, moveY: 0, events: &events)
        } else if ball.position.z <= Physics.tossCatchHeight && ball.velocity.z < 0 {
            catchToss(events: &events)
        }
    }

    private mutating func startToss(auto: Bool) {
        let server = Int(score.server)
        tossing = true
        tossTicks = 0
        autoServing = auto
        players[server].velocity = .zero
        ballVisible = true
        let at = players[server].position
        let forward = PlayerState.facing(server) * 0.3
        ball = Ball(
            position: Vec3(x: at.x + forward, y: at.y, z: Physics.tossHeight),
            velocity: Vec3(x: 0, y: 0, z: Physics.tossSpeed))
    }

    /// The toss fell unstruck: caught (free) while catches remain, else a fault.
    private mutating func catchToss(events: inout [MatchEvent]) {
        let server = Int(score.server)
        tossing = false
        tossTicks = 0
        autoServing = false
        ballVisible = false
        ball = Ball(position: Vec3(x: players[server].position.x, y: players[server].position.y, z: 1.0), velocity: .zero)
        if tossCatches < Physics.maxTossCatches {
            tossCatches += 1
        } else {
            fault(events: &events)
        }
    }

    /// The serve's timing: ticks from the ideal contact in `serveTimingSpan` units (negative = early).
    var serveTiming: Double {
        (Double(tossTicks) - Double(Physics.tossIdealTicks)) / Physics.serveTimingSpan
    }

    private mutating func hitServe(kind: ShotKind, moveY: Int8, events: inout [MatchEvent]) {
        let server = Int(score.server)
        let stroke = Shot.serve(
            from: ball.position, facing: PlayerState.facing(server), boxSign: serviceBoxYSign,
            moveY: moveY, serveNumber: serveNumber, kind: kind, timing: serveTiming, rng: &rng)
        ball.velocity = stroke.velocity
        ball.spin = stroke.spin
        lastStroke = .serve
        // The serve's swing, shown from its contact point on.
        players[server].swing = kind
        players[server].swingTicks = Physics.sweetSpot
        players[server].swingHit = true
        tossing = false
        autoServing = false
        phase = .rally
        phaseTicks = 0
        lastHitter = Int8(server)
        bounces = 0
        serveInPlay = true
        clippedTape = false
        rallyHits = 1
        events.append(.serve(player: server))
    }

    /// A fault: a second serve follows, or after a second fault the receiver wins the point.
    mutating func fault(events: inout [MatchEvent]) {
        events.append(.fault(serveNumber: serveNumber))
        if serveNumber >= 2 {
            endPoint(winner: Self.other(Int(score.server)), reason: .doubleFault, events: &events)
        } else {
            serveNumber = 2
            pause(decided: false)
        }
    }

    /// A let: the same serve is played again.
    mutating func callLet(events: inout [MatchEvent]) {
        events.append(.let)
        pause(decided: false)
    }

    /// Ends the point: reports it, updates the score and pauses before the next serve.
    mutating func endPoint(winner: Int, reason: PointReason, events: inout [MatchEvent]) {
        events.append(.point(winner: winner, reason: reason))
        score.award(pointTo: winner, events: &events)
        pointsPlayed &+= 1
        serveNumber = 1
        pause(decided: true)
    }

    private mutating func pause(decided: Bool) {
        phase = .pointOver
        phaseTicks = 0
        pointDecided = decided
        serveInPlay = false
    }
}
