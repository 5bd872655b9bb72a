import Logging
import ServiceLifecycle
import Synchronization
import TennisCore
import TennisIdentity
import TennisRecords
import TennisProtocol

/// The registry of matches on this server, and the service that runs their tick loops.
///
/// Each match's life is a child task of `run()` (its ticks run on the `TickDriver`'s thread), so a graceful shutdown of the service
/// group cancels every loop, every connection is told the server is going away, and every match
/// in progress is recorded as abandoned (`run()` returns once the records are written, or after
/// `recordingLimit`).
public final class Lobby: Service, Sendable {
    private let settings: ServerConfiguration
    let logger: Logger
    private let ticks: any TickSource
    private let matches = Mutex<[String: MatchHost]>([:])
    /// Matches created so far: the next one's serial. Moved only under `matches`' lock.
    private let created = Atomic<UInt64>(0)
    /// WebSocket sessions still running, so shutdown can wait for their goodbyes to be sent.
    let openSessions = Atomic<Int>(0)
    /// Set once the lobby has begun to stop: a connection that arrives after that is told the
    /// server is shutting down (4503), as those it had are, rather than that its match is gone.
    let stopping = Atomic<Bool>(false)
    private let launches: AsyncStream<MatchHost>
    private let launcher: AsyncStream<MatchHost>.Continuation

    /// Writes the records of matches that end (none without an archive).
    private let recorder: MatchRecorder?
    /// What `GET /metrics` shows.
    public let metrics = ServerMetrics()

    /// Seconds a match in which nobody has taken a seat is kept before it is removed.
    public let unjoinedExpirySeconds: Double

    /// Who may play under which name: the archive's claims when it keeps them (the SQLite store,
    /// the cluster's PostgreSQL history), else claims that last as long as this process.
    public let claims: any NameClaims
    /// Vouches for players an in-process gateway (the ssh server) authenticated: see `gatewaySigner`.
    let gateway: GatewayVoucher

    /// - Parameter archive: where finished matches are recorded (none: they are not kept).
    /// - Parameter unjoinedExpirySeconds: how long a match nobody has taken a seat in is kept
    ///   (spectators do not count): creating one costs a request, and the table holds
    ///   `maxMatches`. A match that had a player is kept until it has been empty or finished
    ///   for `lingerSeconds`.
    /// - Parameter claims: where name claims are kept (nil: the archive if it keeps them, else memory).
    public convenience init(settings: ServerConfiguration, logger: Logger, archive: (any MatchArchive)? = nil,
                            unjoinedExpirySeconds: Double = Lobby.defaultUnjoinedExpirySeconds,
                            claims: (any NameClaims)? = nil) {
        self.init(settings: settings, logger: logger, archive: archive, unjoinedExpirySeconds: unjoinedExpirySeconds,
                  ticks: TickDriver.shared, claims: claims)
    }

    /// - Parameter ticks: what steps the matches (tests step them by hand).
    init(settings: ServerConfiguration, logger: Logger, archive: (any MatchArchive)? = nil,
         unjoinedExpirySeconds: Double = Lobby.defaultUnjoinedExpirySeconds, ticks: any TickSource,
         claims: (any NameClaims)? = nil) {
        self.claims = claims ?? (archive as? any NameClaims) ?? MemoryNameClaims()
        gateway = settings.gatewaySecret.flatMap { GatewayVoucher(secret: $0) } ?? GatewayVoucher()
        self.ticks = ticks
        self.settings = settings
        self.unjoinedExpirySeconds = unjoinedExpirySeconds
        recorder = archive.map { MatchRecorder(archive: $0) }
        self.logger = logger
        (launches, launcher) = AsyncStream.makeStream(of: MatchHost.self)
    }

    /// A signer for a player an in-process gateway has authenticated by the key with this
    /// OpenSSH fingerprint (`SHA256:…`): its hellos to this server (or to nodes sharing
    /// `gatewaySecret`) are taken as that key's. Only code in this process can get one.
    public func gatewaySigner(fingerprint: String) -> any HelloSigner {
        gateway.signer(fingerprint: fingerprint)
    }

    /// What `unjoinedExpirySeconds` is unless set (`tennis serve --unjoined-expiry`).
    public static let defaultUnjoinedExpirySeconds: Double = 60

    /// Why a match could not be created.
    public struct CreateError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates a match with a fresh join code and starts its tick loop.
    @discardableResult
    public func createMatch(format: MatchFormat = .short, surface: Surface = .hard, seed: UInt64? = nil) throws
        -> String
    {
        try create(format: format, surface: surface, seed: seed, invite: nil)
    }

    /// Creates a private match: unlisted, and only those who give its invite secret may join or
    /// watch it. Returns the code and the secret.
    public func createPrivateMatch(format: MatchFormat = .short, surface: Surface = .hard, seed: UInt64? = nil) throws
        -> (code: String, invite: String)
    {
        let invite = Secrets.inviteSecret()
        return (try create(format: format, surface: surface, seed: seed, invite: invite), invite)
    }

    /// - Parameter reserved: names whose seats are held from the start (a rematch): the tokens
    ///   are read back with `MatchHost.seatTokens`.
    func create(format: MatchFormat, surface: Surface, seed: UInt64?, invite: String?,
                reserved: PerPlayer<String>? = nil) throws -> String {
        var rng = SystemRandomNumberGenerator()
        let config = MatchConfig(seed: seed ?? rng.next(), format: format, surface: surface)
        let host: MatchHost? = matches.withLock { matches -> MatchHost? in
            guard matches.count < settings.maxMatches else { return nil }
            var code = Secrets.matchCode()
            while matches[code] != nil { code = Secrets.matchCode() }
            let serial = created.add(1, ordering: .relaxed).newValue
            let host = MatchHost(code: code, config: config, settings: settings, logger: logger, recorder: recorder,
                                 invite: invite, metrics: metrics, unjoinedExpirySeconds: unjoinedExpirySeconds,
                                 serial: serial)
            if let reserved { host.reserveSeats(for: reserved) }
            matches[code] = host
            metrics.matches.record(matches.count)
            return host
        }
        guard let host else { throw CreateError(description: "the server holds its maximum of \(settings.maxMatches) matches") }
        logger.info("match created", metadata: ["match": "\(host.code)", "format": "\(format.rawValue)",
                                                "surface": "\(surface.name)", "private": "\(invite != nil)"])
        launcher.yield(host)
        return host.code
    }

    /// The match with this code (codes are case-insensitive).
    /// Pauses (`true`) or resumes a match hosted by this process: practice pauses on P, help
    /// and a too-small terminal. Nothing on the wire can do this.
    public func hold(code: String, _ on: Bool) {
        match(code: code)?.hold(on)
    }

    func match(code: String) -> MatchHost? {
        matches.withLock { $0[code.uppercased()] }
    }

    /// Every live match, private ones flagged, for the cluster directory, and the serial of the
    /// last match created by then (every match up to it is listed, or gone).
    func directoryEntries() -> (entries: [DirectoryEntry], through: UInt64) {
        let (hosts, through) = matches.withLock { (Array($0.values), created.load(ordering: .relaxed)) }
        return (hosts.sorted { $0.createdAt < $1.createdAt }.map(\.directoryEntry), through)
    }

    /// The spectators other nodes serve of this node's matches through their relays, by code
    /// (a match not named has none).
    func setRelayedAudience(_ audience: [String: Int]) {
        for host in matches.withLock({ Array($0.values) }) { host.setRelayedAudience(audience[host.code] ?? 0) }
    }

    /// Every live public match, oldest first (private ones are never listed).
    public func summaries() -> [MatchSummary] {
        let hosts = matches.withLock { Array($0.values) }.filter { $0.invite == nil }
        return hosts.sorted { $0.createdAt < $1.createdAt }.map(\.summary)
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await host in launches.cancelOnGracefulShutdown() {
                group.addTask {
                    await host.run(ticks: self.ticks)
                    self.matches.withLock { matches in
                        _ = matches.removeValue(forKey: host.code)
                        self.metrics.matches.record(matches.count)
                    }
                    self.logger.info("match removed", metadata: ["match": "\(host.code)"])
                }
            }
            // Before any match ends (each leaves `matches` as it does): from here a newcomer
            // hears that the server is going, never that its match is gone.
            stopping.store(true, ordering: .releasing)
            group.cancelAll()
        }
        let remaining = matches.withLock { matches in
            defer { matches.removeAll() }
            return Array(matches.values)
        }
        for host in remaining {
            host.closeAll(code: WireProtocol.CloseCode.serverShutdown, reason: settings.shutdownReason)
        }
        // Let every connection send its close frame before the HTTP server goes away (at most 5 s:
        // a loaded machine can take seconds), and the last records reach the archive (SQLite, and
        // a cluster's PostgreSQL, which may retry for seconds) before the process ends.
        let stopStarted = ContinuousClock.now
        let deadline = stopStarted + .seconds(5)
        while openSessions.load(ordering: .relaxed) > 0, ContinuousClock.now < deadline {
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                break  // cancelled rather than shut down gracefully: no time to wait
            }
        }
        if let recorder, !(await recorder.finish(within: stopStarted + Self.recordingLimit - ContinuousClock.now)) {
            logger.error("stopped before every match was recorded", metadata: ["unwritten": "\(recorder.inFlight)"])
        }
    }

    /// How long a stopping lobby waits for the records of its matches to be written.
    static let recordingLimit = Duration.seconds(10)
}
