import ArgumentParser
import TennisProtocol
import TennisStore

/// `tennis join CODE`: take the free seat of a match.
struct JoinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join", abstract: "Join a match as a player.",
        discussion: "Takes the free seat of the match with this code. Run it again after a dropped connection with --token to take the same seat back.")

    @Argument(help: "The match's join code.")
    var code: String

    @OptionGroup var server: ServerOptions
    @OptionGroup var player: PlayerOptions
    @OptionGroup var display: DisplayOptions

    @Option(help: "The invite secret of a private match (the host's screen shows it).")
    var invite: String?

    @Option(help: "A seat token from an earlier session, to take that seat back.")
    var token: String?

    func run() async throws {
        let keyMap = player.keyMap
        await display.apply()
        await MainActor.run { PlayScreen.keys = keyMap }
        let tls = try server.tls()
        let saved = token == nil ? SeatTokens.token(endpoint: server.endpoint, code: code) : nil
        var hello = ClientMessage.Hello(role: .player, code: code, name: player.resolvedName, token: token ?? saved,
                                        invite: invite)
        var outcome = await PlayScreen.run(endpoint: server.endpoint, hello: hello, identity: .local, hostInfo: nil,
                                           rememberSeat: true, tls: tls)
        if saved != nil, outcome.errorCode == "bad_token" || outcome.errorCode == "seat_in_use" {
            // The remembered seat belongs to an older match with this code: join afresh.
            hello.token = nil
            outcome = await PlayScreen.run(endpoint: server.endpoint, hello: hello, identity: .local, hostInfo: nil,
                                           rememberSeat: true, tls: tls)
        }
        if let message = outcome.errorMessage { throw CommandFailure(message) }
        if let result = outcome.result { print(result) }
        if outcome.next == .menu { try await MenuScreen.run(name: player.resolvedName, askName: false, store: try MatchStore(path: StoreLocation.defaultPath())) }
    }
}
