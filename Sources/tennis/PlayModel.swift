import TennisClient
import TennisCore
import TennisProtocol
import TerminalUI

/// What the play screen knows, updated from the connection's events. No curses, no sockets.
@MainActor
final class PlayModel {
    var welcome: ServerMessage.Welcome?
    var names = PerPlayer("", "")
    var connected = [false, false]
    var spectators = 0
    var snapshot: Snapshot?
    var rttMillis: Int?
    var callout: String?
    var calloutUntil = 0.0
    var errorMessage: String?
    var closed = false
    var closeReason: String?
    var forfeitWinner: Int?
    var note: String?
    var noteUntil = 0.0
    /// While our own link is down: the attempt number of the next reconnection.
    var reconnecting: Int?
    /// Seconds each away player has left, and when the server said so.
    var awaySeconds: [Int?] = [nil, nil]
    var awaySaidAt = 0.0
    var errorCode: String?
    /// Prediction, interpolation and extrapolation: what to draw between snapshots.
    var presenter = ViewPresenter()
    /// Points, aces, the landing mark: counted from the events.
    var tally = MatchTally()
    /// When the match was first seen finished (the end screen follows a moment later).
    var finishedAt: Double?

    var seat: Int? { welcome?.seat }

    /// Chat lines and reactions, newest last, with when they arrived.
    var chat: [(line: String, at: Double)] = []
    /// Hidden with M (players who want nothing on the court but the rally).
    var chatHidden = false
    /// The spectator's line being typed (nil: not typing).
    var chatEditor: LineEditor?
    /// Shots hit in the current point (reset when the next serve is set up).
    var rallyHits = 0
    /// How long a chat line stays on the court.
    static let chatSeconds = 10.0

    func apply(_ event: ClientEvent, now: Double) {
        switch event {
        case .welcome(let welcome):
            self.welcome = welcome
            reconnecting = nil
            presenter.linkUp = true
            presenter.welcome(seat: welcome.seat)
            // The match's statistics so far: a reconnect (or a late join) starts from the whole count.
            if let counts = welcome.tally?.pointTally { tally.resume(from: counts) }
        case .reconnecting(let attempt, _):
            reconnecting = attempt
            presenter.linkUp = false
        case .roster(let roster):
            if roster.names.count == 2 { names = PerPlayer(roster.names[0], roster.names[1]) }
            connected = roster.connected
            spectators = roster.spectators
            awaySeconds = roster.reconnect_seconds ?? [nil, nil]
            awaySaidAt = now
        case .snapshot(let snapshot):
            if snapshot.view.phase == .serving, !snapshot.view.tossing { rallyHits = 0 }
            self.snapshot = snapshot
            if snapshot.status == .finished, finishedAt == nil { finishedAt = now }
            presenter.observe(snapshot, arrived: now)
        case .roundTrip(let micros):
            rttMillis = Int((micros + 500) / 1000)
            presenter.rttMillis = rttMillis
        case .event(_, let event):
            tally.record(event)
            shout(for: event, now: now)
        case .chat(let line):
            let who = line.seat == nil ? "\(line.from) (watching)" : line.from
            chat.append(("\(who): \(line.text)", now))
            if chat.count > 20 { chat.removeFirst(chat.count - 20) }
        case .error("chat_too_fast", _):
            note = "Chat: one line a second, please"
            noteUntil = now + 2
        case .error(let code, let message):
            errorMessage = "\(message) (\(code))"
            errorCode = code
        case .moved(let redirect):
            errorMessage = "the match is on another server: \(redirect.url) (moved)"
            errorCode = "moved"
        case .closed(let code, let reason):
            closed = true
            presenter.linkUp = false
            switch code {
            case WireProtocol.CloseCode.serverShutdown? where reason == WireProtocol.CloseReason.hostLeft:
                closeReason = "the host left the match"
            case WireProtocol.CloseCode.serverShutdown? where reason == WireProtocol.CloseReason.matchClosed:
                closeReason = "the match is over and was closed"
            case WireProtocol.CloseCode.serverShutdown?: closeReason = "the server shut down"
            case 1000?, 1001?: closeReason = "the server closed the connection"
            case let code?: closeReason = "closed by the server (\(code)\(reason.map { ": " + $0 } ?? ""))"
            case nil where welcome == nil: closeReason = "could not connect: is a server running at that address?"
            case nil: closeReason = "the connection dropped"
            }
        }
    }

    private func name(_ player: Int?) -> String {
        guard let player, (0...1).contains(player) else { return "" }
        let name = names[player]
        return name.isEmpty ? (player == 0 ? "Left" : "Right") : name
    }

    /// Turns a match event into a short callout shown for a moment.
    private func shout(for event: WireEvent, now: Double) {
        let text: String?
        switch event.kind {
        case "hit":
            describeHit(event, now: now)
            text = nil
        case "fault": text = event.serve_number == 1 ? "FAULT" : nil
        case "let": text = "LET"
        case "point":
            switch event.reason.flatMap(PointReason.init(name:)) {
            case .out: text = "OUT"
            case .net: text = "NET"
            case .ace: text = "ACE"
            case .doubleFault: text = "DOUBLE FAULT"
            case .ownSide: text = "OWN SIDE"
            default: text = "POINT \(name(event.player))"
            }
        case "game": text = "GAME \(name(event.player))"
        case "set": text = "SET \(name(event.player))"
        case "match": text = "GAME, SET AND MATCH \(name(event.player))"
        case "forfeit":
            forfeitWinner = event.player
            text = "\(name(event.player)) WINS BY FORFEIT"
        default: text = nil
        }
        guard let text else { return }
        callout = text
        calloutUntil = now + (event.kind == "match" || event.kind == "forfeit" ? 3600 : 1.6)
    }

    /// A quiet note on how a ball was hit: the cue that timing matters.
    private func describeHit(_ event: WireEvent, now: Double) {
        let shot = event.shot ?? "shot"
        let quality: String
        switch event.timing.flatMap(HitTiming.init(name:)) {
        case .perfect?: quality = "PERFECT \(shot)!"
        case .good?: quality = "good \(shot)"
        case .early?: quality = "early \(shot), pulled"
        case .late?: quality = "late \(shot), pushed"
        case nil: quality = shot
        }
        note = event.player == seat ? "You: \(quality)" : "\(name(event.player)): \(quality)"
        noteUntil = now + 1.5
    }

    /// The line over the court, when the match is not simply being played.
    func banner(now: Double) -> String? {
        if let attempt = reconnecting { return "Connection lost — reconnecting (attempt \(attempt))…" }
        guard let snapshot else { return nil }
        switch snapshot.status {
        case .waitingForOpponent: return "Waiting for an opponent — code \(welcome?.code ?? "")"
        case .paused:
            let away = connected.firstIndex(of: false)
            if let away, let seconds = awaySeconds[away] {
                let left = max(0, seconds - Int(now - awaySaidAt))
                return "Waiting for \(name(away)) to reconnect (\(left) s)"
            }
            return "Waiting for \(name(away)) to reconnect…"
        case .finished:
            let winner = snapshot.view.score.winner >= 0 ? Int(snapshot.view.score.winner) : forfeitWinner
            let score = snapshot.view.score.compactText
            return "Match over: \(name(winner)) wins \(score) — press Q to leave"
        case .playing:
            if snapshot.view.phase == .serving, snapshot.view.score.server == seat ?? -1, !snapshot.view.tossing {
                return "Your serve: SPACE to toss, SPACE again to hit"
            }
            return nil
        }
    }

    /// What to draw now: your player predicted, the other interpolated, the ball extrapolated.
    func presentView(now: Double) -> MatchView? {
        // The server's own numbers for the surface (a customised surfaces.json on either side
        // cannot make prediction disagree with the server).
        presenter.present(now: now, surface: welcome?.courtSurface ?? .hard)
    }

    /// The winner, also after a forfeit.
    var winner: Int? {
        guard let snapshot else { return forfeitWinner }
        return snapshot.view.score.winner >= 0 ? Int(snapshot.view.score.winner) : forfeitWinner
    }

    /// The match-end screen with these options.
    func endScene(options: [String], selected: Int) -> MatchEndScene? {
        guard let snapshot else { return nil }
        return MatchEndScene(score: snapshot.view.score, names: PerPlayer(name(0), name(1)), winner: winner,
                             stats: tally.stats, remark: tally.remark, options: options, selected: selected)
    }

    func scene(now: Double, colourMode: ColourMode = .colour256, charset: Charset = .unicode) -> CourtScene? {
        guard let snapshot, let view = presentView(now: now) else { return nil }
        let showCallout = now < calloutUntil ? callout : nil
        var callout = showCallout
        if callout == nil, snapshot.view.phase == .pointOver, snapshot.view.score.isDeuce { callout = "DEUCE" }
        var scene = CourtScene(view: view, names: PerPlayer(name(0), name(1)), you: seat, rttMillis: rttMillis,
                          spectators: spectators, surface: welcome?.surface ?? "hard", banner: banner(now: now),
                          callout: callout, code: welcome?.code,
                          courtColour: SurfaceCatalog.shared.colour(for: welcome?.surface ?? "hard"),
                          note: now < noteUntil ? note : nil)
        scene.colourMode = colourMode
        scene.charset = charset
        scene.courtColour256 = SurfaceCatalog.shared.colour256(for: welcome?.surface ?? "hard")
        scene.landingMark = tally.landingMark
        if !chatHidden { scene.chat = chat.filter { now - $0.at < Self.chatSeconds }.suffix(3).map(\.line) }
        scene.chatDraft = chatEditor?.text
        scene.rallyLength = rallyHits
        return scene
    }
}
