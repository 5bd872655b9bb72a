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
        let towards = PlayerState.facing(Int(score.server))
        let along = point.x * towards
        let across = point.y * serviceBoxYSign
        return along >= 0 && along <= Court.serviceLineFromNet && across >= 0 && across <= Court.halfSinglesWidth
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
        ballVisible = false
        ball = Ball(position: Vec3(x: players[server].position.x, y: players[server].position.y, z: 1.0), velocity: .zero)
        lastHitter = -1
        bounces = 0
        serveInPlay = false
        clippedTape = false
        rallyHits = 0
        pointDecided = false
    }

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
            if inputs[server].swing != nil || phaseTicks >= Physics.autoServeTicks {
                startToss()
            }
            return
        }
        tossTicks += 1
        _ = Physics.step(&ball, dt: Self.dt, surface: config.surface)
        if tossTicks == Physics.tossTicks - UInt32(Physics.sweetSpot) {
            players[server].swing = .drive
            players[server].swingTicks = 0
            players[server].swingHit = true  // the serve is struck below, not by the rally contact rule
        } else if players[server].swing != nil {
            players[server].advanceSwing(input: .idle)
        }
        if tossTicks >= Physics.tossTicks {
            hitServe(moveY: inputs[server].moveY, events: &events)
        }
    }

    private mutating func startToss() {
        let server = Int(score.server)
        tossing = true
        tossTicks = 0
        players[server].velocity = .zero
        ballVisible = true
        let at = players[server].position
        let forward = PlayerState.facing(server) * 0.3
        ball = Ball(
            position: Vec3(x: at.x + forward, y: at.y, z: Physics.tossHeight),
            velocity: Vec3(x: 0, y: 0, z: Physics.tossSpeed))
    }

    private mutating func hitServe(moveY: Int8, events: inout [MatchEvent]) {
        let server = Int(score.server)
        ball.velocity = Shot.serve(
            from: ball.position, facing: PlayerState.facing(server), boxSign: serviceBoxYSign,
            moveY: moveY, serveNumber: serveNumber, rng: &rng)
        tossing = false
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
