import TennisClient
import TennisCore
import TennisProtocol
import TerminalUI

/// The play screen's view of a `MatchSession`: turns what the session knows into court, banner
/// and end-of-match scenes, plus the screen's own state (chat hidden, a line being typed).
/// No curses, no sockets: every decision about the match and the link is the session's.
@MainActor
final class PlayModel {
    let runner: MatchSessionRunner
    /// Hidden with M (players who want nothing on the court but the rally).
    var chatHidden = false
    /// The spectator's line being typed (nil: not typing).
    var chatEditor: LineEditor?
    /// How long a chat line stays on the court.
    static let chatSeconds = 10.0

    init(runner: MatchSessionRunner) {
        self.runner = runner
    }

    var session: MatchSession { runner.session }

    /// The line over the court, when the match is not simply being played.
    func banner(now: Double) -> String? {
        let session = self.session
        if let attempt = session.reconnecting { return "Connection lost — reconnecting (attempt \(attempt))…" }
        guard let snapshot = session.snapshot else { return nil }
        switch snapshot.status {
        case .waitingForOpponent: return "Waiting for an opponent — code \(session.welcome?.code ?? "")"
        case .paused:
            guard let away = session.connected.firstIndex(of: false) else {
                return "Paused — press P to play on"
            }
            if let seconds = session.awaySeconds[away] {
                let left = max(0, seconds - Int(now - session.awaySaidAt))
                return "Waiting for \(session.name(away)) to reconnect (\(left) s)"
            }
            return "Waiting for \(session.name(away)) to reconnect…"
        case .finished:
            return "Match over: \(session.name(session.winner)) wins \(snapshot.view.score.compactText) — press Q to leave"
        case .playing:
            if snapshot.view.phase == .serving, snapshot.view.score.server == session.seat ?? -1,
               !snapshot.view.tossing {
                return "Your serve: SPACE to toss, SPACE again to hit"
            }
            return nil
        }
    }

    /// Where an online rematch stands, for the end screen (nil: nobody has asked).
    func rematchLine(now: Double) -> String? {
        let session = self.session
        if let note = session.note, now < session.noteUntil, note.hasPrefix("No rematch") { return note }
        guard let seat = session.seat else { return nil }
        let other = 1 - seat
        switch (session.rematchAsked[seat], session.rematchAsked[other]) {
        case (true, true): return "Rematch! Starting…"
        case (true, false):
            return session.connected[other] ? "Waiting for \(session.name(other)) to say yes to a rematch…"
                : "\(session.name(other)) has left: no rematch"
        case (false, true): return "\(session.name(other)) wants a rematch: choose Rematch to play again"
        case (false, false): return nil
        }
    }

    /// The match-end screen with these options.
    func endScene(options: [String], selected: Int) -> MatchEndScene? {
        let session = self.session
        guard let snapshot = session.snapshot else { return nil }
        return MatchEndScene(score: snapshot.view.score, names: PerPlayer(session.name(0), session.name(1)),
                             winner: session.winner, stats: session.tally.stats, remark: session.tally.remark,
                             options: options, selected: selected, byForfeit: session.forfeitWinner != nil,
                             you: session.seat)
    }

    /// A finished match's score ("2-7" for sets, left first) with the winner's figure first
    /// ("7-2"), as the end screen says it.
    nonisolated static func winnerFirst(_ compact: String, winner: Int) -> String {
        guard winner == 1 else { return compact }
        return compact.split(separator: " ").map { $0.split(separator: "-").reversed().joined(separator: "-") }
            .joined(separator: " ")
    }

    /// One line for the menu after the match: who won and how ("You won 7-4"), or where it was
    /// left; nil when nothing was played.
    func resultLine() -> String? {
        let session = self.session
        guard let score = session.snapshot?.view.score else { return nil }
        if let winner = session.winner {
            let who = winner == session.seat ? "You" : session.name(winner)
            guard session.forfeitWinner == nil else { return "\(who) won by forfeit" }
            return "\(who) won \(Self.winnerFirst(score.compactText, winner: winner))"
        }
        guard score != Score(format: score.format) else { return nil }
        return "Left at \(score.compactText)"
    }

    func scene(now: Double, colourMode: ColourMode = .colour256, charset: Charset = .unicode) -> CourtScene? {
        guard let view = runner.present(now: now) else { return nil }
        let session = self.session
        guard let snapshot = session.snapshot else { return nil }
        var callout = now < session.calloutUntil ? session.callout : nil
        if callout == nil, snapshot.view.phase == .pointOver, snapshot.view.score.isDeuce { callout = "DEUCE" }
        let surface = session.welcome?.surface ?? "hard"
        var scene = CourtScene(view: view, names: PerPlayer(session.name(0), session.name(1)), you: session.seat,
                               rttMillis: session.rttMillis, spectators: session.spectators, surface: surface,
                               banner: banner(now: now), callout: callout, code: session.welcome?.code,
                               courtColour: SurfaceCatalog.shared.colour(for: surface),
                               note: now < session.noteUntil ? session.note : nil)
        scene.colourMode = colourMode
        scene.anonymous = PerPlayer(session.anonymous[0], session.anonymous[1])
        scene.charset = charset
        scene.courtColour256 = SurfaceCatalog.shared.colour256(for: surface)
        scene.landingMark = session.tally.landingMark
        if !chatHidden {
            scene.chat = session.chat.filter { now - $0.at < Self.chatSeconds }.suffix(3).map(\.line)
        }
        scene.chatDraft = chatEditor?.text
        scene.rallyLength = session.rallyHits
        scene.serveMeter = Self.serveMeter(view, tossStart: session.tossStartTick)
        // Where the ball will bounce, from the server's latest state of it (not the drawn guess).
        scene.bounceMark = BallExtrapolator.nextBounce(snapshot.view, surface: session.welcome?.courtSurface ?? .hard)
        return scene
    }
}

extension PlayModel {
    /// The serve meter for a toss in the air: the ball's height between the catch height and the
    /// top of the toss, and how a serve struck now would be graded (the core's serve rules).
    nonisolated static func serveMeter(_ view: MatchView, tossStart: UInt32?) -> ServeMeter? {
        guard view.phase == .serving, view.tossing, let tossStart else { return nil }
        let apex = Physics.tossHeight + Physics.tossSpeed * Physics.tossSpeed / (2 * Physics.gravity)
        let fraction = (view.ball.position.z - Physics.tossCatchHeight) / (apex - Physics.tossCatchHeight)
        let elapsed = UInt32(clamping: max(0, Int64(view.tick) - Int64(tossStart)))
        return ServeMeter(server: Int(view.score.server), fraction: fraction,
                          timing: Shot.serveTiming(tossTicks: elapsed))
    }
}

extension MatchTally {
    /// The statistics table for the match-end screen.
    var stats: [MatchEndScene.Stat] {
        [
            .init("Points won", String(counts.pointsWon[0]), String(counts.pointsWon[1])),
            .init("Aces", String(counts.aces[0]), String(counts.aces[1])),
            .init("Double faults", String(counts.doubleFaults[0]), String(counts.doubleFaults[1])),
        ]
    }
}
