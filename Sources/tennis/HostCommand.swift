import ArgumentParser
import Logging
import TennisProtocol
import TennisCore
import TennisServer
import TennisSSH
import TennisStore
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// `tennis host`: an embedded server, a new match, and you in the first seat.
struct HostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host", abstract: "Host a match: start a server here and wait for an opponent.",
        discussion: "Shows the join code and the exact command another person runs to join. The server runs inside this process and stops when you quit.")

    @Option(help: "Address to bind; 0.0.0.0 lets other machines join.")
    var bind: String = "0.0.0.0"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 7878

    @Option(help: "The ws:// URL others should use to reach this machine (default: ws://HOSTNAME:PORT).")
    var advertise: String?

    @Flag(name: .customLong("private"), help: "A private match: not listed, and joining or watching needs its invite secret.")
    var isPrivate = false

    @OptionGroup var match: MatchOptions
    @OptionGroup var player: PlayerOptions
    @OptionGroup var display: DisplayOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var ssh: SSHOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("port must be between 0 and 65535") }
    }

    func run() async throws {
        let keyMap = player.keyMap
        await display.apply()
        await MainActor.run { PlayScreen.keys = keyMap }
        let outcome = try await Self.play(bind: bind, port: port, advertise: advertise, format: match.matchFormat,
                                          surface: match.courtSurface, name: player.resolvedName, isPrivate: isPrivate,
                                          terminal: nil,
                                          store: try store.open(), ssh: ssh.sshPort == nil ? nil : ssh)
        if let message = outcome.errorMessage { throw CommandFailure(message) }
        if let result = outcome.result { print(result) }
        if outcome.next == .menu { try await MenuScreen.run(name: player.resolvedName, askName: false, store: try store.open()) }
    }

    /// Starts the embedded server, creates the match and plays it from the first seat.
    @MainActor
    static func play(bind: String, port: Int, advertise: String?, format: MatchFormat, surface: Surface, name: String,
                     isPrivate: Bool = false, terminal: (any TerminalDevice)?, store: MatchStore? = nil,
                     ssh: SSHOptions? = nil) async throws -> PlayOutcome
    {
        var settings = ServerConfiguration(host: bind, port: port)
        // A bad ssh host key stops the start before anything listens.
        let sshKey = try ssh.map { try $0.hostKey() }
        let gatewayHost = SSHGame.gatewayHost(forBind: bind)
        if sshKey != nil { settings.gatewayAddresses = [gatewayHost] }
        // When the host quits, everyone in the match hears that, not a generic shutdown to retry.
        settings.shutdownReason = WireProtocol.CloseReason.hostLeft
        settings.webAssetsDirectory = Assets.directory?.path  // the watch link's page
        let server = try await EmbeddedServer.start(settings,
                                                    logger: quietLogger("tennis.server"), store: store)
        let code: String, invite: String?
        do {
            (code, invite) = isPrivate
                ? try server.lobby.createPrivateMatch(format: format, surface: surface)
                : (try server.lobby.createMatch(format: format, surface: surface), nil)
        } catch {
            await server.stopAndWait()
            throw error
        }
        let address = advertise ?? "ws://\(hostName()):\(server.port)"
        var sshServer: SSHServer?
        let gamePort = SSHGamePort(port: server.port, publicServer: address)
        if let ssh, let sshKey {
            do {
                // Others may join, watch or play over ssh while you host (their screens are drawn here).
                sshServer = try await ssh.start(host: bind, hostKey: sshKey, game: SSHGame(
                    lobby: server.lobby, gatewayHost: gatewayHost, port: gamePort), logger: quietLogger("tennis.ssh"))
            } catch {
                await server.stopAndWait()
                throw error
            }
        }
        let outcome = await PlayScreen.run(endpoint: "ws://127.0.0.1:\(server.port)/ws",
                                           hello: .init(role: .player, code: code, name: name, invite: invite),
                                           identity: .local,
                                           hostInfo: HostInfo(code: code, server: address, invite: invite,
                                                              ssh: gamePort.sshCommand),
                                           terminal: terminal)
        // Not a stop in the background: the process may end right after this returns, and the
        // opponent and spectators must hear "the host left" (not a dropped link to retry for 30 s)
        // and the match be recorded before it does.
        await sshServer?.stop(goodbye: "tennis: the host left; goodbye")
        await server.stopAndWait()
        return outcome
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
