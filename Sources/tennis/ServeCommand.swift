import ArgumentParser
import Logging
import NIOSSL
import TennisDirectory
import TennisRelay
import TennisServer
import TennisStore
import TennisRecords
import TennisSSH

/// `tennis serve`: a standalone server for many matches.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a standalone server that hosts many matches.",
        discussion: "Prints a line with 'listening' and the ws:// URL once it accepts connections. Stop it with Ctrl-C or SIGTERM."
    )

    @Option(help: "Address to bind (0.0.0.0 accepts other machines).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to bind (0 picks a free one).")
    var port: Int = 7878

    @Option(help: "Seconds a disconnected player has to come back before forfeiting.")
    var reconnectGrace: Double = 30

    @Option(help: "Seconds a match nobody has taken a seat in is kept (spectators do not count); one that had a player stays until it has been empty or over for 2 minutes.")
    var unjoinedExpiry: Double = Lobby.defaultUnjoinedExpirySeconds

    @OptionGroup var store: StoreOptions

    @Option(help: "Most WebSocket connections at once.")
    var maxConnections: Int = 10_000

    @Option(help: "Most WebSocket connections from one address.")
    var maxPerAddress: Int = 5_000

    @Option(help: "Most connections not (yet) WebSockets at once: HTTP requests and handshakes in flight. Past it new ones are answered 503 at accept.")
    var maxPending: Int = 1024

    @Option(help: "Most such pending connections from one address; past it new ones are answered 429 at accept.")
    var maxPendingPerAddress: Int = 32

    @Option(help: "JSON control messages (ping, chat, ...) a connection may send a second; 4 times as many refused in a second close it.")
    var maxControlRate: Int = 10

    @Option(help: "Matches one address may create a minute with POST /api/matches.")
    var maxCreationsPerMinute: Int = 10

    @Option(help: "Joins naming no match or a wrong token allowed per address per minute.")
    var maxFailedJoins: Int = 20

    @Option(help: "Failed joins a minute across all addresses past which any address that failed one in that minute is refused before its join is looked up (a code scan from many addresses).")
    var maxFailedJoinsGlobal: Int = 600

    @Option(help: "A web origin allowed to connect (repeat for several); without it any origin may.")
    var allowOrigin: [String] = []

    @Option(help: "PEM certificate chain: serve wss:// and https:// (needs --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "A PostgreSQL URL (postgres://USER@HOST:PORT/DB) shared by several nodes: each lists all nodes' matches and sends clients to the node that hosts theirs.")
    var directory: String?

    @Option(help: "With --directory: the ws:// URL other nodes send clients to (default ws://HOSTNAME:PORT/ws).")
    var publicURL: String?

    @Option(help: "With --directory: seconds a join, a redirect or an HTTP request waits for PostgreSQL before going on without it (seating locally, listing this node's matches, or answering 503 for history).")
    var directoryTimeout: Double = 3

    @Flag(help: "With --directory: serve spectators of other nodes' public matches here, through one subscription per match to its node (players are still sent to it).")
    var relaySpectators = false

    @Option(help: "With --relay-spectators: the most relay subscriptions of one match a node serves (the owner, or a relay); a further relay node subscribes to a relay with room instead, so the tree's fan-out stays bounded.")
    var relayFanout: Int = 8

    @Option(help: ArgumentHelp("Pictures a second a spectator gets, the newest state each time: 60, 30, 20, 15, 12, or auto (60 while each tick's pictures go out within 10 ms; 30, 20, 15 then 12 while they do not; spectators then take turns). Players always get every tick.", valueName: "auto|60|30|20|15|12"))
    var spectatorRate: String = "auto"

    @Option(help: ArgumentHelp("Instead of a lower rate, every tick's snapshot with 1-4 ticks in one write (a last resort: the older ticks of a write arrive late).", valueName: "1-4"))
    var spectatorBatch: String?

    @Option(help: "Event-loop threads for the connections (default: one per CPU this process may run on, which taskset or a cpuset can limit).")
    var eventLoops: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @OptionGroup var ssh: SSHOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level '\(logLevel)'") }
        guard reconnectGrace >= 0 else { throw ValidationError("reconnect grace must not be negative") }
        guard unjoinedExpiry > 0 else { throw ValidationError("--unjoined-expiry must be positive") }
        guard !relaySpectators || directory != nil else { throw ValidationError("--relay-spectators needs --directory") }
        guard (1...1000).contains(relayFanout) else { throw ValidationError("--relay-fanout must be between 1 and 1000") }
        guard maxConnections > 0, maxPerAddress > 0, maxPending > 0, maxPendingPerAddress > 0 else {
            throw ValidationError("connection limits must be positive")
        }
        guard maxControlRate > 0, maxCreationsPerMinute > 0, maxFailedJoins > 0, maxFailedJoinsGlobal > 0 else {
            throw ValidationError("rate limits must be positive")
        }
        guard SpectatorBatching(rate: spectatorRate) != nil else {
            throw ValidationError("--spectator-rate must be \(SpectatorBatching.rateChoices), not '\(spectatorRate)'")
        }
        if let spectatorBatch {
            guard SpectatorBatching(argument: spectatorBatch) != nil else {
                throw ValidationError("--spectator-batch must be a number of ticks from 1 to 4, not '\(spectatorBatch)'")
            }
            guard spectatorRate == "auto" else {
                throw ValidationError("--spectator-batch and --spectator-rate are two ways to the same end: give one")
            }
        }
        if let eventLoops, !(1...256).contains(eventLoops) {
            throw ValidationError("--event-loops must be between 1 and 256")
        }
        guard directoryTimeout > 0 else { throw ValidationError("--directory-timeout must be positive") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    /// What `--spectator-rate` and `--spectator-batch` ask for (checked by `validate`).
    private var spectatorPacing: SpectatorBatching {
        spectatorBatch.flatMap(SpectatorBatching.init(argument:)) ?? SpectatorBatching(rate: spectatorRate) ?? .auto
    }

    func run() async throws {
        // Before anything starts NIO's shared loops.
        EventLoops.configure(requested: eventLoops)
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "tennis.server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var tls: TLSConfiguration?
        if let tlsCert, let tlsKey {
            do {
                tls = try TLSFiles.server(certificate: tlsCert, key: tlsKey)
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        var settings = ServerConfiguration(host: host, port: port, reconnectGraceSeconds: reconnectGrace,
                                           maxConnections: maxConnections, maxConnectionsPerAddress: maxPerAddress,
                                           allowedOrigins: allowOrigin, directoryTimeoutSeconds: directoryTimeout,
                                           tls: tls, spectatorBatching: spectatorPacing)
        settings.maxPendingConnections = maxPending
        settings.maxPendingPerAddress = maxPendingPerAddress
        settings.maxControlMessagesPerSecond = maxControlRate
        settings.maxMatchCreationsPerMinute = maxCreationsPerMinute
        settings.maxFailedJoinsPerMinute = maxFailedJoins
        settings.maxFailedJoinsPerMinuteGlobal = maxFailedJoinsGlobal
        settings.webAssetsDirectory = Assets.directory?.path  // GET / and /watch/CODE
        settings.relayFanout = relayFanout
        // Read (or make) the ssh host key first: a bad key file stops the start, not a session.
        let sshKey = try ssh.sshPort.map { _ in try ssh.hostKey() }
        let gatewayHost = SSHGame.gatewayHost(forBind: host)
        if sshKey != nil { settings.gatewayAddresses = [gatewayHost] }
        let (ws, http) = tls == nil ? ("ws", "http") : ("wss", "https")
        let database = try store.open()
        var cluster: PostgresDirectory?
        if let directory {
            let url = publicURL ?? "ws://\(HostCommand.hostName()):\(port)/ws"
            do {
                // PostgreSQL cancels what runs far longer than a node waits for it.
                cluster = try await PostgresDirectory.connect(url: directory, publicURL: url, logger: logger,
                                                              statementSeconds: max(10, directoryTimeout * 3))
            } catch {
                throw CommandFailure("\(error)")
            }
            print("in the cluster directory as \(url)")
            // Every node vouches for gateway (ssh) players under one secret, so a redirect keeps them.
            do {
                settings.gatewaySecret = try await cluster?.sharedSecret(named: "gateway")
            } catch {
                throw CommandFailure("cannot read the cluster's gateway secret: \(error)")
            }
        }
        defer { cluster?.close() }
        // In a cluster a finished match goes to this node's file and to the shared history, which
        // the history routes read, so every node shows every node's matches.
        let archive: any MatchArchive = cluster.map { ArchiveCopies([database, $0.history]) } ?? database
        let history: any MatchHistory = cluster?.history ?? database
        // Names are claimed where the history is kept: the cluster's, else this node's file.
        let claims: any NameClaims = cluster?.history ?? database
        let lobby = Lobby(settings: settings, logger: logger, archive: archive, unjoinedExpirySeconds: unjoinedExpiry,
                          claims: claims)
        let gamePort = SSHGamePort(port: port, publicServer: publicURL ?? "ws://\(HostCommand.hostName()):\(port)")
        let group = try makeServerGroup(settings, lobby: lobby, logger: logger, history: history, directory: cluster,
                                        relay: relaySpectators ? WebSocketUpstream(logger: logger) : nil)
        { [host, publicURL, cluster, gamePort, pages = settings.webAssetsDirectory != nil] port in
            gamePort.set(port: port, publicServer: publicURL ?? "ws://\(HostCommand.hostName()):\(port)")
            if publicURL == nil, let cluster {
                // The port is known only now when --port 0 picked one.
                cluster.announce(as: "ws://\(HostCommand.hostName()):\(port)/ws")
            }
            print("keeping finished matches in \(database.path)\(cluster == nil ? "" : " and the cluster history")")
            print("listening on \(ws)://\(host):\(port)/ws (HTTP API at \(http)://\(host):\(port)/api/matches)")
            if pages {
                print("watch in a browser: \(http)://\(host):\(port)/watch/CODE (live matches at \(http)://\(host):\(port)/)")
            }
            fflushStdout()
        }
        // glibc keeps freed heap for reuse: without this, a burst of sessions would leave the RSS
        // at its high-water mark long after they ended (docs/PERFORMANCE.md, "Memory").
        let trimmer = Task.detached { [logger] in await MemoryTrimmer.run(every: .seconds(30), logger: logger) }
        defer { trimmer.cancel() }
        // The ssh door opens before the game server listens: a session that comes in that
        // moment early sees "Connecting…" until it does.
        var sshServer: SSHServer?
        if let sshKey {
            sshServer = try await ssh.start(host: host, hostKey: sshKey, game: SSHGame(
                lobby: lobby, gatewayHost: gatewayHost, port: gamePort), logger: logger)
        }
        do {
            try await group.run()
        } catch {
            await sshServer?.stop()
            throw CommandFailure(Self.explain(error, host: host, port: port))
        }
        await sshServer?.stop()
    }

    /// A sentence for a server that could not start.
    static func explain(_ error: any Error, host: String, port: Int) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") {
            return "port \(port) on \(host) is already in use; pick another with --port (0 chooses a free one)"
        }
        if text.contains("Cannot assign requested address") || text.contains("Permission denied") {
            return "cannot listen on \(host):\(port): \(text)"
        }
        return "the server stopped: \(text)"
    }
}
