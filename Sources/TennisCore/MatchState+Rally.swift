/// The rally: contact between swings and the ball, and the referee's calls on every bounce and net touch.
extension MatchState {
    mutating func stepRally(inputs: PerPlayer<PlayerInput>, events: inout [MatchEvent]) {
        moveFreely(inputs: inputs)
        for p in 0...1 where tryHit(player: p, input: inputs[p], events: &events) { break }
        let result = Physics.step(&ball, dt: Self.dt, surface: config.surface)
        if result.clippedTape {
            events.append(.netTouch)
            clippedTape = true
        }
        if result.hitNet {
            events.append(.netTouch)
            if bounces == 0 && lastHitter >= 0 {
                if serveInPlay {
                    fault(events: &events)
                } else {
                    endPoint(winner: Self.other(Int(lastHitter)), reason: .net, events: &events)
                }
                return
            }
        }
        if let at = result.bounce {
            referee(bounceAt: at, events: &events)
        } else if ball.isRolling && bounces == 1 {
            // A ball that stopped bouncing after one bounce counts as a second bounce.
            referee(bounceAt: ball.position.ground, events: &events)
        }
    }

    /// True if `player` can reach the ball now: their swing is in its window, the ball came from
    /// the other player, is on this player's side, within reach and not too high, and (for a
    /// serve) has bounced.
    func canReach(player p: Int) -> Bool {
        let me = players[p]
        guard me.canHit(volley: bounces == 0), lastHitter >= 0, Int(lastHitter) != p, bounces <= 1 else { return false }
        if serveInPlay && bounces == 0 { return false }
        let facing = PlayerState.facing(p)
        guard ball.position.x * facing < 0, ball.position.z <= Physics.maxHitHeight else { return false }
        let dx = ball.position.x - me.position.x, dy = ball.position.y - me.position.y
        return dx * dx + dy * dy <= Physics.reach * Physics.reach
    }

    /// Hits the ball if `player`'s swing meets it this tick: once it is in reach and has come
    /// level with (`strikeAhead` in front of) the player, or at the last tick of the window.
    private mutating func tryHit(player p: Int, input: PlayerInput, events: inout [MatchEvent]) -> Bool {
        guard canReach(player: p), let kind = players[p].swing else { return false }
        let facing = PlayerState.facing(p)
        let ahead = (ball.position.x - players[p].position.x) * facing
        let swingTick = players[p].swingTicks
        guard ahead <= Physics.strikeAhead || swingTick == Physics.contactWindow.upperBound else { return false }
        // A volley's punch is timed earlier in the swing: its sweet spot is `volleySweetSpot`.
        let volley = bounces == 0
        let tick = volley ? swingTick &+ (Physics.sweetSpot - Physics.volleySweetSpot) : swingTick
        let stroke = Shot.stroke(
            kind: kind, from: ball.position, facing: facing, aim: input, swingTick: tick, volley: volley, rng: &rng)
        ball.velocity = stroke.velocity
        ball.spin = stroke.spin
        lastStroke = stroke.style
        players[p].swingHit = true
        lastHitter = Int8(p)
        bounces = 0
        serveInPlay = false
        clippedTape = false
        rallyHits &+= 1
        events.append(.hit(player: p, shot: kind, timing: Shot.timing(swingTick: tick)))
        return true
    }

    /// The calls on a bounce. `inside` in the event means "a good bounce" for the first bounce
    /// after a shot (in the box for a serve, in the opponent's court otherwise) and "within the
    /// singles lines" for later bounces.
    private mutating func referee(bounceAt at: Vec2, events: inout [MatchEvent]) {
        bounces &+= 1
        guard lastHitter >= 0 else { return }
        let hitter = Int(lastHitter), other = Self.other(hitter)
        if bounces >= 2 {
            events.append(.bounce(at: at, inside: Physics.insideSingles(at)))
            endPoint(winner: hitter, reason: serveInPlay ? .ace : .doubleBounce, events: &events)
            return
        }
        if serveInPlay {
            let good = inServiceBox(at)
            events.append(.bounce(at: at, inside: good))
            if !good {
                fault(events: &events)
            } else if clippedTape {
                callLet(events: &events)
            }
            return
        }
        let opponentsSide = at.x * PlayerState.facing(hitter) > 0
        let good = opponentsSide && Physics.insideSingles(at)
        events.append(.bounce(at: at, inside: good))
        if !opponentsSide {
            endPoint(winner: other, reason: .ownSide, events: &events)
        } else if !good {
            endPoint(winner: other, reason: .out, events: &events)
        }
    }
}
