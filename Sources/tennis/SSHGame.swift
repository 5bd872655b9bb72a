import Synchronization
import TennisClient
import TennisCore
import TennisProtocol
import TennisServer
import TennisSSH
import TerminalUI

/// What an ssh session runs on a server: the menu (practice, host, join, watch, the lobby, all
/// on this server), or a match straight away (`watch CODE`, `join CODE`). Its game links go to
/// the server's own WebSocket port on 127.0.0.1, which counts them as a gateway's
/// (`ServerConfiguration.gatewayAddresses`); the ssh side limits the real peers.
struct SSHGame: Sendable {
    let lobby: Lobby
    /// The address the game links connect to: 127.0.0.1 when the server listens on every
    /// address, else the one it listens on.
    let gatewayHost: String
    /// The server's WebSocket port (known once it listens: `--port 0` picks one).
    let port: SSHGamePort

    var endpoint: String { "ws://\(gatewayHost):\(port.value)/ws" }
    /// The address others join and watch with (shown when hosting).
    var publicServer: String { port.publicServer }

    /// The gateway's address for a server bound to `host`.
    static func gatewayHost(forBind host: String) -> String {
        host == "0.0.0.0" || host == "::" || host == "localhost" ? "127.0.0.1" : host
    }

    @MainActor
    func run(_ session: SSHSession) async {
        let term = session.terminal
        switch session.command {
        case .menu:
            await menu(session)
        case .watch(let code), .join(let code):
            let role: Role = session.command == .watch(code: code) ? .spectator : .player
            let outcome = await PlayScreen.run(endpoint: endpoint, hello: hello(session, role, code), identity: identity(session), hostInfo: nil,
                                               terminal: term, endOptions: [.quit])
            if let message = outcome.errorMessage, !outcome.shown, !term.hungUp {
                await MenuScreen.show(term, MessageScene(title: "Could not \(role == .player ? "join" : "watch") \(code)",
                                                         lines: [message], footer: "any key to leave"))
            }
        }
    }

    /// Who the session's player is to the game server: its ssh key, vouched for by this server
    /// (the same name claims, history and rating as a native client's key), or anonymous.
    @MainActor
    private func identity(_ session: SSHSession) -> PlayIdentity {
        guard let fingerprint = session.identity.fingerprint else { return .anonymous }
        return .signer(lobby.gatewaySigner(fingerprint: fingerprint),
                       nameHint: SSHHello.claimedNameHint(sshCommand: port.sshCommand))
    }

    @MainActor
    private func hello(_ session: SSHSession, _ role: Role, _ code: String, invite: String? = nil) -> ClientMessage.Hello {
        SSHHello.make(role: role, code: code, username: session.username, fingerprint: session.identity.fingerprint,
                      invite: invite)
    }

    static let items = ["Practise against a bot", "Host a match on this server", "Join a match", "Watch a match",
                        "Live matches (lobby)", "Quit"]

    @MainActor
    private func menu(_ session: SSHSession) async {
        let term = session.terminal
        var selected = 0
        var note: String?
        let who = session.identity.fingerprint.map { "key \($0.prefix(19))…" } ?? "anonymous"
        while !term.hungUp {
            let (width, height) = term.size
            let footer = note ?? "↑↓ choose   Enter select   Q quit   (\(SSHHello.name(username: session.username, fingerprint: session.identity.fingerprint)), \(who))"
            term.draw(MenuRenderer.render(menu: MenuScene(titleArt: TitleArt.title(for: term.charset), items: Self.items,
                                                          selected: selected, footer: footer),
                                          width: width, height: height))
            for key in term.readKeys() {
                switch KeyMap.menu.action(for: key) {
                case .up?: selected = (selected + Self.items.count - 1) % Self.items.count
                case .down?: selected = (selected + 1) % Self.items.count
                case .quit?: return
                case .select?:
                    if selected == Self.items.count - 1 { return }
                    let outcome = await choose(selected, session)
                    if outcome?.next == .quit { return }
                    note = outcome?.errorMessage.map { "Error: \($0)" } ?? outcome?.result.map { "Last match: \($0)" }
                    term.invalidate()
                default: break
                }
            }
            await term.waitForInput(upTo: .seconds(5))
        }
    }

    @MainActor
    private func choose(_ item: Int, _ session: SSHSession) async -> PlayOutcome? {
        let term = session.terminal
        switch item {
        case 0:
            guard let choices = await MatchChoices.practice(term) else { return nil }
            return await practice(session, choices)
        case 1:
            guard let choices = await MatchChoices.hostHere(term) else { return nil }
            return await host(session, choices)
        case 2, 3:
            guard let code = await MenuScreen.prompt(term, title: item == 2 ? "Join a match" : "Watch a match",
                                                     label: "Match code:", text: "", limit: 16), !code.isEmpty
            else { return nil }
            return await PlayScreen.run(endpoint: endpoint, hello: hello(session, item == 2 ? .player : .spectator, code),
                                        identity: identity(session), hostInfo: nil, terminal: term)
        case 4:
            return try? await LobbyScreen.run(term, server: "ws://\(gatewayHost):\(port.value)", name: SSHHello.name(
                username: session.username, fingerprint: session.identity.fingerprint), identity: identity(session),
                rememberSeat: false, hello: { role, code in hello(session, role, code) })
        default:
            return nil
        }
    }

    /// Practice on this server: a match of its own, a bot on the other side over loopback, and
    /// the match held while the player pauses (as `tennis practice` does on its private server).
    @MainActor
    private func practice(_ session: SSHSession, _ choices: MatchChoices.Practice) async -> PlayOutcome {
        while true {
            let code: String
            do {
                code = try lobby.createMatch(format: choices.format, surface: choices.surface)
            } catch {
                return PlayOutcome(errorMessage: "\(error)")
            }
            let url = endpoint, level = choices.level
            let bot = Task {
                try await Task.sleep(for: .milliseconds(300))
                _ = await BotPlayer.play(url: url, hello: .init(role: .player, code: code, name: "Bot L\(level)"),
                                         level: level, seed: UInt64.random(in: 1...UInt64.max))
            }
            let lobby = self.lobby
            let outcome = await PlayScreen.run(endpoint: url, hello: hello(session, .player, code), identity: identity(session), hostInfo: nil,
                                               terminal: session.terminal, endOptions: EndChoice.allCases,
                                               pause: { lobby.hold(code: code, $0) })
            bot.cancel()
            if outcome.next != .rematch { return outcome }
            session.terminal.invalidate()
        }
    }

    @MainActor
    private func host(_ session: SSHSession, _ choices: MatchChoices.Host) async -> PlayOutcome {
        let code: String, invite: String?
        do {
            (code, invite) = choices.isPrivate
                ? try lobby.createPrivateMatch(format: choices.format, surface: choices.surface)
                : (try lobby.createMatch(format: choices.format, surface: choices.surface), nil)
        } catch {
            return PlayOutcome(errorMessage: "\(error)")
        }
        return await PlayScreen.run(endpoint: endpoint, hello: hello(session, .player, code, invite: invite),
                                    identity: identity(session), hostInfo: HostInfo(code: code, server: publicServer, invite: invite,
                                                       ssh: port.sshCommand),
                                    terminal: session.terminal)
    }
}

/// The WebSocket port and public address, filled in once the server listens.
final class SSHGamePort: Sendable {
    private let state: Mutex<(port: Int, publicServer: String, sshCommand: String?)>

    init(port: Int, publicServer: String) {
        state = Mutex((port, publicServer, nil))
    }

    var value: Int { state.withLock { $0.port } }
    var publicServer: String { state.withLock { $0.publicServer } }
    /// `ssh -p PORT HOST`, once the ssh server listens.
    var sshCommand: String? { state.withLock { $0.sshCommand } }

    func set(port: Int, publicServer: String) {
        state.withLock {
            $0.port = port
            $0.publicServer = publicServer
        }
    }

    func set(sshCommand: String) {
        state.withLock { $0.sshCommand = sshCommand }
    }
}
