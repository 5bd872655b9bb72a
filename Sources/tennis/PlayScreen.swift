import Logging
import NIOSSL
import TennisClient
import TennisCore
import TennisProtocol
import TerminalUI

/// Where others can reach a hosted match: shown on the waiting screen.
struct HostInfo: Sendable {
    var code: String
    var server: String
    /// A private match's invite secret.
    var invite: String? = nil
    /// `ssh -p PORT HOST` when the server also serves ssh (join and watch then work over ssh too).
    var ssh: String? = nil
}

/// How a play or watch session ended.
struct PlayOutcome {
    var errorMessage: String?
    /// Who won and how ("You won 7-4"), or where the match was left; nil when nothing was played.
    var result: String?
    /// The server's error code when it refused us (e.g. bad_token).
    var errorCode: String?
    /// What the player chose on the match-end screen (nil when they left before the end).
    var next: EndChoice?
    /// Both players agreed to a rematch (or, watching, the players did): where it is played.
    var rematch: ServerMessage.Rematch?
    /// The error was on the screen already (the player left it with Q): not to be shown again.
    var shown = false
}

/// The options on the match-end screen.
enum EndChoice: String, CaseIterable {
    case rematch = "Rematch"
    case menu = "Back to the menu"
    case quit = "Quit"
}

/// The match screen: reads keys, sends inputs, draws the newest snapshot at ~60 frames/s.
@MainActor
enum PlayScreen {
    /// The key map matches are played with (set from `--keys` or the key map file).
    static var keys = KeyMap.default

    /// - Parameter rememberSeat: save the seat token so the same `tennis join` can take the seat back.
    /// - Parameter endOptions: the choices on the match-end screen (spectators get none: they keep watching).
    /// - Parameter identity: who a player says it is: `.local` (this user's key file) only for
    ///   a player at this machine's own terminal; a session for someone else (an ssh player)
    ///   must pass that player's `.signer`, never the machine's key. No default, on purpose.
    static func run(endpoint: String, hello: ClientMessage.Hello, identity: PlayIdentity, hostInfo: HostInfo?,
                    terminal: (any TerminalDevice)? = nil,
                    rememberSeat: Bool = false, tls: TLSConfiguration? = nil,
                    endOptions: [EndChoice] = [.menu, .quit], pause: (@Sendable (Bool) -> Void)? = nil)
        async -> PlayOutcome
    {
        let signer: (any HelloSigner)?
        do {
            signer = hello.role == .player ? try identity.signer() : nil
        } catch {
            return PlayOutcome(errorMessage: "\(error)")
        }
        var owned: Terminal?
        if terminal == nil {
            do {
                owned = try Terminal()
            } catch {
                return PlayOutcome(errorMessage: "\(error)")
            }
        }
        defer { owned?.shutdown() }
        guard let term: any TerminalDevice = terminal ?? owned else { return PlayOutcome(errorMessage: "no terminal") }
        // Online, Rematch asks the server (both players must); practice's caller makes its own.
        let asksServer = pause == nil && hello.role == .player
        let options = hello.role == .player ? (asksServer ? [.rematch] + endOptions.filter { $0 != .rematch } : endOptions) : []
        var hello = hello
        var hostInfo = hostInfo
        while true {
            var settings = MatchSession.Settings(url: endpoint, hello: hello)
            settings.rememberSeat = rememberSeat
            let runner = MatchSessionRunner(settings, tls: tls, signer: signer, logger: quietLogger())
            runner.onAction = { action in
                switch action {
                case .bell: if term.bellOnPoints { term.bell() }
                case .saveSeat(let token, let code): SeatTokens.save(token, endpoint: endpoint, code: code)
                default: break
                }
            }
            runner.start()
            let model = PlayModel(runner: runner)
            let outcome = await loop(term, model: model, hostInfo: hostInfo, endpoint: endpoint, endOptions: options,
                                     asksServerForRematch: asksServer, pause: pause, nameHint: identity.nameHint)
            await leave(runner)
            // Everyone in the match moves to the rematch together: the same screen goes on there.
            guard let rematch = outcome.rematch else { return outcome }
            hello.code = rematch.code
            hello.token = rematch.token
            hello.reservation = nil
            if let invite = rematch.invite { hello.invite = invite }
            hostInfo?.code = rematch.code
        }
    }

    /// Closes politely and waits a moment for the server's answer, so a player who quits is
    /// seen to leave (not to drop and have the seat held) before the process exits.
    private static func leave(_ runner: MatchSessionRunner, within seconds: Double = 1) async {
        runner.leave()
        guard !runner.session.closed else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await runner.ended() }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// - Parameter pause: holds the match (practice only: P, help open, terminal too small).
    /// - Parameter asksServerForRematch: Rematch on the end screen asks the server (an online
    ///   match) instead of returning it to the caller (practice).
    private static func loop(_ term: any TerminalDevice, model: PlayModel, hostInfo: HostInfo?, endpoint: String,
                             endOptions: [EndChoice], asksServerForRematch: Bool,
                             pause: (@Sendable (Bool) -> Void)?, nameHint: String?) async -> PlayOutcome
    {
        let keys = Self.keys
        var held = HeldDirection()
        var endSelected = 0
        var showHelp = false
        /// The host asked to quit a match in progress: the next key confirms (Q, Y) or cancels.
        var confirmingQuit = false
        /// Practice: paused with P; `onHold` is what the server was last told.
        var pausedByKey = false
        var onHold = false
        let runner = model.runner
        while true {
            let now = MonotonicClock.seconds()
            if term.hungUp { return PlayOutcome(errorMessage: "the terminal went away") }
            if let rematch = model.session.ended?.rematch { return PlayOutcome(result: model.resultLine(), rematch: rematch) }
            var swing: ShotKind?
            let showEnd = showsEndScreen(model, now: now, options: endOptions)
            for event in term.readKeyEvents() {
                let key = event.key
                // Space is a swing key: a player still hammering it as the match ends must not
                // pick an option by accident, so the end screen takes Enter and the arrows.
                if showEnd, event.kind == .press, key != KeyCode.space {
                    switch KeyMap.menu.action(for: key) {
                    case .up?: endSelected = (endSelected + endOptions.count - 1) % endOptions.count
                    case .down?: endSelected = (endSelected + 1) % endOptions.count
                    case .select? where asksServerForRematch && endOptions[endSelected] == .rematch:
                        runner.askRematch()
                    case .select?:
                        return PlayOutcome(result: model.resultLine(),
                                           next: endOptions[endSelected])
                    case .quit?: return PlayOutcome(result: model.resultLine(), next: .quit)
                    default: break
                    }
                    continue
                }
                if confirmingQuit, key != KeyCode.resize, event.kind == .press {
                    confirmingQuit = false
                    if keys.action(for: key) == .quit || key == Int32(UInt8(ascii: "y")) || key == Int32(UInt8(ascii: "Y")) {
                        return PlayOutcome(result: model.resultLine())
                    }
                    continue
                }
                if showHelp, key != KeyCode.resize, event.kind == .press {
                    showHelp = false
                    continue
                }
                if event.kind == .press, handleChatKey(key, model: model, bound: keys.action(for: key) != nil) {
                    continue
                }
                let action = keys.action(for: key)
                if case .move(let dx, let dy)? = action {
                    held.apply(event.kind, dx: dx, dy: dy, at: now, reportsReleases: term.reportsReleases)
                    continue
                }
                if case .step(let dx, let dy)? = action {
                    if event.kind != .release { held.step(dx: dx, dy: dy, at: now) }
                    continue
                }
                guard event.kind == .press else { continue }
                switch action {
                case .quit? where hostInfo != nil && hostsMatchInProgress(model):
                    // The host's server goes with it: ask before ending the match for everyone.
                    confirmingQuit = true
                case .quit?:
                    return quitOutcome(model.session.ended, status: model.session.snapshot?.status,
                                       result: model.resultLine())
                case .back? where model.session.closed:
                    return PlayOutcome(errorMessage: model.session.errorMessage, errorCode: model.session.errorCode,
                                       shown: true)
                case .help?: showHelp = true
                case _ where pause != nil && action == nil && (key == Int32(UInt8(ascii: "p")) || key == Int32(UInt8(ascii: "P"))):
                    pausedByKey.toggle()
                case .swing(let kind)?: swing = kind
                default: break
                }
            }
            // The session sends a seated player's input when it changes (and runs its timers).
            let direction = held.direction(at: now)
            runner.frame(input: model.session.seat == nil ? nil
                            : PlayerInput(moveX: direction.dx, moveY: direction.dy, swing: swing), now: now)
            let (width, height) = term.size
            if let pause {
                // Practice waits while you read the help or the terminal is too small to play in.
                let tooSmall = width < CourtRenderer.minimumSize.width || height < CourtRenderer.minimumSize.height
                let wanted = pausedByKey || showHelp || tooSmall
                if wanted != onHold, !model.session.closed {
                    onHold = wanted
                    pause(wanted)
                }
            }
            if showEnd, !showHelp, var scene = model.endScene(options: endOptions.map(\.rawValue), selected: endSelected) {
                if asksServerForRematch, let line = model.rematchLine(now: now) { scene.remark = line }
                term.draw(MatchEndRenderer.render(scene, width: width, height: height))
            } else {
                term.draw(frame(model: model, now: now, width: width, height: height, showHelp: showHelp,
                                hostInfo: hostInfo, endpoint: endpoint, keys: keys, colourMode: term.colourMode,
                                charset: term.charset, confirmingQuit: confirmingQuit,
                                reportsReleases: term.reportsReleases, canPause: pause != nil,
                                nameHint: nameHint))
            }
            try? await Task.sleep(for: .milliseconds(16))
        }
    }

    /// Whether a host's quit would end a match someone is playing (waiting or finished: it would not).
    private static func hostsMatchInProgress(_ model: PlayModel) -> Bool {
        guard !model.session.closed, let status = model.session.snapshot?.status else { return false }
        return status == .playing || status == .paused
    }

    /// The end screen follows the match's last point after a moment (long enough to see the callout).
    static let endScreenDelay = 2.5

    private static func showsEndScreen(_ model: PlayModel, now: Double, options: [EndChoice]) -> Bool {
        guard !options.isEmpty, let finishedAt = model.session.finishedAt else { return false }
        return now - finishedAt >= endScreenDelay
    }

    /// What spectators' number keys send.
    static let reactions: [Int32: String] = [
        Int32(UInt8(ascii: "1")): "Great shot!", Int32(UInt8(ascii: "2")): "Ooh!", Int32(UInt8(ascii: "3")): "Unlucky!",
        Int32(UInt8(ascii: "4")): "Come on!", Int32(UInt8(ascii: "5")): "Bravo!",
    ]

    /// Chat keys: a spectator types a line after T (Enter sends, Esc drops it) or reacts with
    /// 1–5; anyone hides or shows chat with M (unless M is bound to a game action). True when
    /// the key was used here.
    static func handleChatKey(_ key: Int32, model: PlayModel, bound: Bool) -> Bool {
        if var editor = model.chatEditor {
            switch editor.apply(key) {
            case .cancelled: model.chatEditor = nil
            case .accepted(let text):
                model.runner.send(chat: text)
                model.chatEditor = nil
            case .editing: model.chatEditor = editor
            }
            return true
        }
        if model.session.seat == nil, let reaction = reactions[key] {
            model.runner.send(chat: reaction)
            return true
        }
        if model.session.seat == nil, key == Int32(UInt8(ascii: "t")) || key == Int32(UInt8(ascii: "T")) {
            model.chatEditor = LineEditor(limit: ClientMessage.maxChatLength)
            return true
        }
        if !bound, key == Int32(UInt8(ascii: "m")) || key == Int32(UInt8(ascii: "M")) {
            model.chatHidden.toggle()
            return true
        }
        return false
    }

    /// Why the session ended, when there is no court to show: the server's refusal (a name
    /// claimed by another key, no such match, a full match…) in its own words, or the link that
    /// could not be kept, with where it went.
    /// What Q leaves a match screen with: a failure when the session ended before a court was
    /// drawn (refused) or before the match did, other than by our leaving (the link lost, sent
    /// away, the match gone after a restart); else the result. `status`: the last snapshot's
    /// (nil: none came).
    nonisolated static func quitOutcome(_ ended: MatchSession.Ending?, status: MatchStatus?, result: String?)
        -> PlayOutcome
    {
        guard let ended, !ended.left, ended.rematch == nil, status != .finished else { return PlayOutcome(result: result) }
        return PlayOutcome(errorMessage: ended.reason, result: status == nil ? nil : result, errorCode: ended.errorCode,
                           shown: true)
    }

    /// - Parameter nameHint: added under a `name_claimed` refusal (over ssh: log in as another user).
    nonisolated static func endingScene(_ ending: MatchSession.Ending, inMatch: Bool, watching: Bool, endpoint: String,
                                        nameHint: String? = nil) -> MessageScene
    {
        if ending.errorCode != nil {
            // Mid-match the refusal may be the server's doing (a flood cut off) or the match gone
            // after a restart (`not_found` on the way back): the reason says which.
            let title = inMatch ? "Disconnected" : watching ? "Could not watch" : "Could not join"
            let hint = ending.errorCode == "name_claimed" ? nameHint.map { ["", $0] } ?? [] : []
            return MessageScene(title: title, lines: [ending.reason] + hint, footer: "Q to quit")
        }
        return MessageScene(title: "Disconnected", lines: ["Could not stay connected to", endpoint, "", ending.reason],
                            footer: "Q to quit")
    }

    private static func frame(model: PlayModel, now: Double, width: Int, height: Int, showHelp: Bool,
                              hostInfo: HostInfo?, endpoint: String, keys: KeyMap, colourMode: ColourMode,
                              charset: Charset, confirmingQuit: Bool = false, reportsReleases: Bool = false,
                              canPause: Bool = false, nameHint: String? = nil) -> Screen
    {
        if showHelp {
            let help = HelpText.scene(watching: model.session.seat == nil, reportsReleases: reportsReleases,
                                      canPause: canPause)
            return MenuRenderer.render(message: help, width: width, height: height)
        }
        if let ending = model.session.ended, model.session.snapshot == nil || model.session.errorMessage != nil {
            return MenuRenderer.render(message: endingScene(ending, inMatch: model.session.snapshot != nil,
                                                            watching: model.session.hello.role == .spectator,
                                                            endpoint: endpoint, nameHint: nameHint),
                                       width: width, height: height)
        }
        if let hostInfo, model.session.snapshot?.status == .waitingForOpponent {
            return MenuRenderer.render(message: waitingScene(hostInfo), width: width, height: height)
        }
        guard var scene = model.scene(now: now, colourMode: colourMode, charset: charset) else {
            return MenuRenderer.render(message: MessageScene(title: "Connecting…", lines: [endpoint], footer: "Q to quit"),
                                       width: width, height: height)
        }
        if model.session.closed {
            let reason = model.session.closeReason ?? "the connection closed"
            scene.banner = reason.prefix(1).uppercased() + reason.dropFirst() + " — Q to quit"
        }
        if confirmingQuit { scene.banner = "Quit? The match ends for everyone. Q or Y to quit, any other key to play on" }
        scene.keyHint = keys.hint
        return CourtRenderer.render(scene, width: width, height: height)
    }

    private static func waitingScene(_ info: HostInfo) -> MessageScene {
        let secret = info.invite.map { " --invite \($0)" } ?? ""
        return MessageScene(title: info.invite == nil ? "Waiting for an opponent" : "Private match: waiting for an opponent",
                            lines: [
            "Match code: \(info.code)", "",
            "Another player joins with:", "  tennis join \(info.code) --server \(info.server)\(secret)",
        ] + (info.ssh.map { info.invite == nil ? ["  or: \($0) join \(info.code)"] : [] } ?? []) + [
            "",
            info.invite == nil ? "Anyone can watch with:" : "Those you give the invite can watch with:",
            "  tennis watch \(info.code) --server \(info.server)\(secret)",
        ] + ((try? WatchLink.url(server: info.server, code: info.code, invite: info.invite)).map {
            ["or in a browser:", "  \($0)"]
        } ?? []) + [
            "",
            "The rally starts as soon as they arrive.",
        ], footer: "Q to cancel")
    }
}
