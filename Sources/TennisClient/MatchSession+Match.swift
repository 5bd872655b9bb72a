import TennisCore
import TennisProtocol

/// What the server's messages mean for what the screen shows.
extension MatchSession {
    mutating func apply(_ event: ClientEvent, now: Double, into actions: inout [Action]) {
        switch event {
        case .welcome(let welcome):
            self.welcome = welcome
            reconnecting = nil
            // A refusal on the way in (a lapsed reservation) is history once we are in.
            errorMessage = nil
            errorCode = nil
            presenter.linkUp = true
            presenter.welcome(seat: welcome.seat)
            // The match's statistics so far: a reconnect (or a late join) starts from the whole count.
            if let counts = welcome.tally?.pointTally { tally.resume(from: counts) }
        case .roster(let roster):
            if roster.names.count == 2 { names = PerPlayer(roster.names[0], roster.names[1]) }
            connected = roster.connected
            if let flags = roster.anonymous, flags.count == 2 { anonymous = flags }
            spectators = roster.spectators
            awaySeconds = roster.reconnect_seconds ?? [nil, nil]
            awaySaidAt = now
            if let asked = roster.rematch, asked.count == 2 { rematchAsked = asked }
        case .snapshot(let snapshot):
            noteToss(snapshot, now: now)
            self.snapshot = snapshot
            announcePressure(snapshot, now: now)
            if snapshot.status == .finished, finishedAt == nil { finishedAt = now }
            presenter.observe(snapshot, arrived: now)
        case .roundTrip(let micros):
            rttMillis = Int((micros + 500) / 1000)
            presenter.rttMillis = rttMillis
        case .play(_, let event):
            tally.record(event)
            shout(for: event, now: now)
            switch event {
            case .serve: rallyHits = 1
            case .hit(_, _, let timing):
                rallyHits += 1
                lastHitTiming = timing
            case .point: actions.append(.bell)
            default: break
            }
        case .forfeit(_, let winner):
            forfeitWinner = winner
            callout = "\(name(winner)) WINS BY FORFEIT"
            calloutUntil = now + 3600
        case .chat(let line):
            let who = line.seat == nil ? "\(line.from) (watching)" : line.from
            chat.append(ChatLine(line: "\(who): \(line.text)", at: now))
            if chat.count > Self.chatLines { chat.removeFirst(chat.count - Self.chatLines) }
        case .error("chat_too_fast", _):
            note = "Chat: one line a second, please"
            noteUntil = now + 2
        case .error("rematch_refused", let message):
            if let seat { rematchAsked[seat] = false }
            note = "No rematch: \(message)"
            noteUntil = now + 4
        case .rematch(let rematch):
            // Everyone moves to the new match: this link closes, and the session ends with it.
            rematchMade = rematch
            if case .linked(let link) = phase { actions.append(.close(link: link.id)) }
        case .error(let code, let message):
            errorMessage = "\(message) (\(code))"
            errorCode = code
        case .moved(let redirect):
            // Only a redirect not followed reaches here as a refusal (too many hops, or not a ws:// URL).
            if case .linked(let link) = phase, link.redirect == nil {
                errorMessage = "the match is on another server: \(redirect.url) (moved)"
                errorCode = "moved"
            }
        case .opened, .closed:
            break
        }
    }

    /// A player's name for callouts ("Left"/"Right" before the roster says).
    public func name(_ player: Int?) -> String {
        guard let player, (0...1).contains(player) else { return "" }
        let name = names[player]
        return name.isEmpty ? (player == 0 ? "Left" : "Right") : name
    }

    /// Turns a match event into a short callout shown for a moment.
    private mutating func shout(for event: MatchEvent, now: Double) {
        let text: String
        switch event {
        case .hit(let player, let shot, let timing):
            return describeHit(player: player, shot: shot, timing: timing, now: now)
        case .fault(let number) where number == 1: text = "FAULT"
        case .let: text = "LET"
        case .point(let winner, let reason):
            // An error on a ball the player met well was theirs alone: unforced.
            let unforced = rallyHits >= 2 && (lastHitTiming == .good || lastHitTiming == .perfect)
            var said: String
            switch reason {
            case .out: said = unforced ? "OUT — UNFORCED ERROR" : "OUT"
            case .net: said = unforced ? "NET — UNFORCED ERROR" : "NET"
            case .ace: said = "ACE"
            case .doubleFault: said = "DOUBLE FAULT"
            case .ownSide: said = "OWN SIDE"
            case .doubleBounce: said = rallyHits >= 2 ? "WINNER \(name(winner))" : "POINT \(name(winner))"
            }
            if rallyHits >= Self.longRally { said += " · \(rallyHits)-SHOT RALLY" }
            text = said
        case .game(let winner): text = "GAME \(name(winner))"
        case .set(let winner): text = "SET \(name(winner))"
        case .match(let winner): text = "GAME, SET AND MATCH \(name(winner))"
        default: return
        }
        callout = text
        if case .match = event { calloutUntil = now + 3600 } else { calloutUntil = now + 1.6 }
    }

    /// When the toss in the air went up (for the serve meter), and a toss that fell unstruck.
    private mutating func noteToss(_ snapshot: Snapshot, now: Double) {
        let view = snapshot.view
        let wasTossing = self.snapshot?.view.tossing ?? false
        if view.tossing, !wasTossing || tossStartTick == nil {
            tossStartTick = view.tick
        } else if !view.tossing, wasTossing {
            tossStartTick = nil
            // Down again with no serve struck: caught (tossed again for free, twice a serve).
            if view.phase == .serving, view.score == self.snapshot?.view.score, view.serveNumber == self.snapshot?.view.serveNumber {
                let who = view.score.server == Int(seat ?? -1) ? "You" : name(Int(view.score.server))
                note = "\(who) let the toss fall: caught, toss again (a third unstruck toss is a fault)"
                noteUntil = now + 3
            }
        }
    }

    /// Says "BREAK POINT", "SET POINT Ann" or "MATCH POINT Ann" once as the serve that could
    /// decide it is set up.
    private mutating func announcePressure(_ snapshot: Snapshot, now: Double) {
        let score = snapshot.view.score
        guard snapshot.status == .playing, snapshot.view.phase == .serving, score != announcedScore else { return }
        announcedScore = score
        guard let (pressure, player) = score.pressure else { return }
        switch pressure {
        case .breakPoint: callout = "BREAK POINT"
        case .setPoint: callout = "SET POINT \(name(player))"
        case .matchPoint: callout = "MATCH POINT \(name(player))"
        }
        calloutUntil = now + 2
    }

    /// A quiet note on how a ball was hit: the cue that timing matters.
    private mutating func describeHit(player: Int, shot: ShotKind, timing: HitTiming, now: Double) {
        let quality: String
        switch timing {
        case .perfect: quality = "PERFECT \(shot.name)!"
        case .good: quality = "good \(shot.name)"
        case .early: quality = "early \(shot.name), pulled"
        case .late: quality = "late \(shot.name), pushed"
        }
        note = player == seat ? "You: \(quality)" : "\(name(player)): \(quality)"
        noteUntil = now + 1.5
    }
}
