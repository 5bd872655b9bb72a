import ArgumentParser
import TennisClient
import TennisCore
import TennisIdentity
import TennisProtocol
import TennisRecords
import TennisServer
import TennisStore
import TerminalUI

/// `tennis practice`: you against a bot, on a private local server.
struct PracticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice", abstract: "Practise against a bot on this machine.")

    @Option(help: "Bot strength, 1 (beginner) to 5 (expert).")
    var level: Int = 2

    @OptionGroup var match: MatchOptions
    @OptionGroup var player: PlayerOptions
    @OptionGroup var display: DisplayOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...5).contains(level) else { throw ValidationError("level must be between 1 and 5") }
    }

    func run() async throws {
        let keyMap = player.keyMap
        await display.apply()
        await MainActor.run { PlayScreen.keys = keyMap }
        let database = try store.open()
        let outcome = try await Self.session(level: level, format: match.matchFormat, surface: match.courtSurface,
                                             name: player.resolvedName, store: database)
        if let message = outcome.errorMessage { throw CommandFailure(message) }
        if let result = outcome.result { print(result) }
        if outcome.next == .menu { try await MenuScreen.run(name: player.resolvedName, askName: false, store: database) }
    }

    /// Matches against the same bot in one terminal for as long as the player picks "Rematch".
    @MainActor
    static func session(level: Int, format: MatchFormat, surface: Surface, name: String, store: MatchStore?,
                        terminal: (any TerminalDevice)? = nil) async throws -> PlayOutcome
    {
        let owned: Terminal? = try terminal == nil ? Terminal() : nil
        defer { owned?.shutdown() }
        guard let term: any TerminalDevice = terminal ?? owned else { throw CommandFailure("no terminal") }
        while true {
            let outcome = try await play(level: level, format: format, surface: surface, name: name, terminal: term,
                                         store: store)
            if outcome.next != .rematch { return outcome }
            term.invalidate()
        }
    }

    /// Starts a loopback server, seats you on the left and a bot on the right, and plays.
    @MainActor
    static func play(level: Int, format: MatchFormat, surface: Surface, name: String, terminal: (any TerminalDevice)?,
                     store: MatchStore? = nil)
        async throws -> PlayOutcome
    {
        // Names are claimed for this practice only: the bot's and yours never bind the database's
        // names (a new key of yours still practises under your name; `tennis bot` may be "Bot L3").
        let server = try await EmbeddedServer.start(ServerConfiguration(host: "127.0.0.1", port: 0),
                                                    logger: quietLogger("tennis.server"), store: store,
                                                    claims: MemoryNameClaims())
        defer { server.stop() }
        let code = try server.lobby.createMatch(format: format, surface: surface)
        let url = "ws://127.0.0.1:\(server.port)/ws"
        // The bot has an identity of its own (vouched for by this process's server, as an ssh
        // gateway's players are), so practice is rated as a match between two keyed players.
        let botSigner = server.server.gatewaySigner(fingerprint: Fingerprint.of(
            sshKeyBlob: Array("terminal-tennis practice bot L\(level)".utf8)))
        let bot = Task {
            try await Task.sleep(for: .milliseconds(300))
            _ = await BotPlayer.play(url: url, hello: .init(role: .player, code: code, name: "Bot L\(level)"),
                                     level: level, seed: UInt64.random(in: 1...UInt64.max), signer: botSigner)
        }
        defer { bot.cancel() }
        let lobby = server.lobby
        return await PlayScreen.run(endpoint: url, hello: .init(role: .player, code: code, name: name), identity: .local,
                                    hostInfo: nil,
                                    terminal: terminal, endOptions: EndChoice.allCases,
                                    pause: { lobby.hold(code: code, $0) })
    }
}
