import TennisCore
import TennisProtocol
import TennisStore
import TerminalUI

/// Plays a replay in the terminal: space pauses, ←/→ seek by point, +/- change speed, q quits.
/// At the end the final state is checked against the recorded hash and the result shown.
@MainActor
enum ReplayScreen {
    static let keyHint = "SPACE pause  ←/→ previous/next point  +/- speed (0.25×–8×)  R restart  Q quit"

    static func run(_ file: ReplayFile, label: String) async throws {
        let term = try Terminal()
        defer { term.shutdown() }
        var playback = ReplayPlayback(replay: file.replay)
        var callout: (text: String, until: Double)?
        var verdict: String?
        var last = MonotonicClock.seconds()
        var events: [MatchEvent] = []
        while !term.hungUp {
            let now = MonotonicClock.seconds()
            for key in term.readKeys() {
                switch key {
                case Int32(UInt8(ascii: "q")), Int32(UInt8(ascii: "Q")), KeyCode.ctrlC, KeyCode.escape: return
                case KeyCode.space, Int32(UInt8(ascii: "p")):
                    if playback.atEnd { playback.restart() }
                    playback.paused.toggle()
                case KeyCode.right, Int32(UInt8(ascii: "n")), Int32(UInt8(ascii: "l")): playback.nextPoint()
                case KeyCode.left, Int32(UInt8(ascii: "b")), Int32(UInt8(ascii: "h")): playback.previousPoint()
                case Int32(UInt8(ascii: "+")), Int32(UInt8(ascii: "=")), KeyCode.up: playback.faster()
                case Int32(UInt8(ascii: "-")), Int32(UInt8(ascii: "_")), KeyCode.down: playback.slower()
                case Int32(UInt8(ascii: "r")), Int32(UInt8(ascii: "R")), KeyCode.home: playback.restart()
                default: break
                }
                callout = nil
            }
            events.removeAll(keepingCapacity: true)
            playback.advance(seconds: now - last, events: &events)
            last = now
            if let text = events.compactMap({ shout(for: $0, names: file.names) }).last {
                callout = (text, now + 1.6)
            }
            if playback.atEnd, verdict == nil { verdict = check(playback) }
            if !playback.atEnd { verdict = nil }
            let (width, height) = term.size
            term.draw(frame(playback, file: file, label: label, callout: callout.flatMap { $0.until > now ? $0.text : nil },
                            verdict: verdict, width: width, height: height, colourMode: term.colourMode,
                            charset: term.charset))
            try? await Task.sleep(for: .milliseconds(16))
        }
    }

    /// The verdict shown at the end: the replay's final state against the recorded hash.
    static func check(_ playback: ReplayPlayback) -> String {
        if playback.state.stateHash == playback.replay.finalHash {
            return "End of replay — verified: state hash matches the recording"
        }
        return "End of replay — DIVERGED: final state hash differs from the recording"
    }

    static func frame(_ playback: ReplayPlayback, file: ReplayFile, label: String, callout: String?, verdict: String?,
                      width: Int, height: Int, colourMode: ColourMode = .colour256,
                      charset: Charset = .unicode) -> Screen
    {
        var banner: String?
        if let verdict {
            banner = verdict + endingText(file)
        } else if playback.paused {
            banner = "PAUSED (\(label)) — SPACE to play"
        }
        // Short: the HUD gives the note only the left part of its row ("REPLAY 2× · 5/23 · 1:04" = point 5 of 23).
        let status = "REPLAY \(playback.speedText) · \(playback.pointIndex + 1)/\(playback.checkpoints.count)"
            + " · \(timeText(playback.state.tick))"
        var scene = CourtScene(
            view: playback.state.view, names: file.names, you: nil, rttMillis: nil, spectators: 0,
            surface: file.replay.config.surface.name, banner: banner, callout: callout, code: file.code,
            note: status)
        scene.colourMode = colourMode
        scene.charset = charset
        scene.courtColour256 = SurfaceCatalog.shared.colour256(for: file.replay.config.surface.name)
        var screen = CourtRenderer.render(scene, width: width, height: height)
        // The renderer shows a spectator's keys on the bottom line; a replay has its own.
        if width >= CourtRenderer.minimumSize.width, height >= CourtRenderer.minimumSize.height {
            screen.fill(y: height - 1, height: 1)
            screen.putCentred(y: height - 1, keyHint, style: Style(dim: true))
        }
        return screen
    }

    private static func endingText(_ file: ReplayFile) -> String {
        switch file.ending {
        case .played: ""
        case .forfeit: " (\(file.winner.map { file.names[$0] } ?? "?") won by forfeit)"
        case .abandoned: " (abandoned)"
        }
    }

    private static func timeText(_ tick: UInt32) -> String {
        let seconds = Int(tick) / MatchState.ticksPerSecond
        let rest = seconds % 60
        return "\(seconds / 60):\(rest < 10 ? "0" : "")\(rest)"
    }

    /// A short callout for what just happened, as the live screen shows it.
    static func shout(for event: MatchEvent, names: PerPlayer<String>) -> String? {
        func name(_ player: Int) -> String { (0...1).contains(player) ? names[player] : "?" }
        switch event {
        case .fault(let serveNumber): return serveNumber == 1 ? "FAULT" : nil
        case .let: return "LET"
        case .point(let winner, let reason):
            let calls: [PointReason: String] = [.out: "OUT", .net: "NET", .ace: "ACE", .doubleFault: "DOUBLE FAULT",
                                                .ownSide: "OWN SIDE"]
            return calls[reason] ?? "POINT \(name(winner))"
        case .game(let winner): return "GAME \(name(winner))"
        case .set(let winner): return "SET \(name(winner))"
        case .match(let winner): return "GAME, SET AND MATCH \(name(winner))"
        default: return nil
        }
    }
}
