import NIOSSL
import TennisProtocol

/// Everything an operator can set on a server.
public struct ServerConfiguration: Sendable {
    /// Address to bind; 127.0.0.1 keeps it local, 0.0.0.0 accepts other machines.
    public var host: String
    /// Port to bind; 0 asks the system for a free one.
    public var port: Int
    /// Seconds a seated player may be gone before the match is forfeited.
    public var reconnectGraceSeconds: Double
    /// Seconds a new connection has to send its `hello`.
    public var helloTimeoutSeconds: Double
    /// Seconds an HTTP connection may stay silent before its request (or upgrade) is complete.
    public var handshakeTimeoutSeconds: Double
    /// Sets how many control messages a connection may leave unread (16 × this) before it is
    /// closed as too slow; snapshots never queue up (latest wins).
    public var sendQueueDepth: Int
    /// Ticks whose snapshots go to a spectator in one write: `.fixed(1)` writes every tick as it
    /// comes; 2 halves the system calls, most of the server's cost per snapshot, for about half a
    /// tick (8 ms) more delay on average. `.rate` and `.auto` send the newest state only, at a
    /// lower rate (`.auto`: while a loop's pictures go out late), each spectator on its own turns.
    /// Players always get every tick at once.
    public var spectatorBatching: SpectatorBatching
    /// Most matches held at once.
    public var maxMatches: Int
    /// Most spectators per match.
    public var maxSpectatorsPerMatch: Int
    /// Inputs per second a seated connection may send; more are dropped.
    public var maxInputsPerSecond: Int
    /// Seconds a finished or empty match stays listed before it is removed.
    public var lingerSeconds: Double
    /// Most WebSocket connections at once, and from one address.
    public var maxConnections: Int
    public var maxConnectionsPerAddress: Int
    /// Web origins allowed to connect (the `Origin` header); empty allows any.
    public var allowedOrigins: [String]
    /// Joins naming no match or a wrong seat token allowed per address per minute.
    public var maxFailedJoinsPerMinute: Int
    /// Failed joins a minute across all addresses (a code scan spread over many) past which an
    /// address with a failed join in the last minute is refused before its join is looked up.
    public var maxFailedJoinsPerMinuteGlobal: Int = 600
    /// Connections not upgraded to a WebSocket (HTTP requests, handshakes), in total and per
    /// address: counted from accept, on top of the WebSocket limits.
    public var maxPendingConnections: Int = 1024
    public var maxPendingPerAddress: Int = 32
    /// JSON control messages (ping, chat, …) a connection may send per second; past that they are
    /// refused, and a connection at 4 × this is closed.
    public var maxControlMessagesPerSecond: Int = 10
    /// Matches one address may create per minute with `POST /api/matches` (a burst of as many).
    public var maxMatchCreationsPerMinute: Int = 10
    /// The reason sent with close 4503 when the server stops: `WireProtocol.CloseReason.shutdown`
    /// (a client may try again later), or `.hostLeft` for a match hosted by a player who quit.
    public var shutdownReason: String = WireProtocol.CloseReason.shutdown
    /// With a cluster directory: seconds a join, a redirect or an HTTP request waits for it
    /// (PostgreSQL) before going on without it, as if it had refused.
    public var directoryTimeoutSeconds: Double
    /// With a cluster directory: seat reservations one address may leave unused per minute
    /// (across the cluster); past that, and while it holds a live one for the same match, a
    /// player is sent on to the owner without a held seat.
    public var maxUnusedReservationsPerMinute: Int
    /// With relays (`--relay-spectators`): the most relay subscriptions of one match a node
    /// serves; a new relay hangs below a relay node with room instead (the relay tree).
    public var relayFanout: Int = 8
    /// Serve wss:// and https:// with this certificate and key (nil: plain ws:// and http://).
    public var tls: TLSConfiguration?
    /// The folder holding `web/` and `surfaces.json`, for the browser pages (`GET /`,
    /// `GET /watch/CODE`); nil: no pages (they answer 404).
    public var webAssetsDirectory: String?
    /// The secret (at least 32 bytes) under which an in-process gateway vouches for the players
    /// it authenticated (`Lobby.gatewaySigner`). Nodes of a cluster given the same secret accept
    /// each other's vouched players after a redirect; nil: a random secret of this process.
    public var gatewaySecret: [UInt8]?
    /// Addresses of gateways in this process (the ssh server's loopback links): their
    /// connections count toward the totals but not against one address, and their failed
    /// joins are not held against it, since they carry many people's sessions. The gateway
    /// applies its own per-address limits to the real peers. Empty: none.
    public var gatewayAddresses: Set<String> = []

    public init(
        host: String = "127.0.0.1", port: Int = 7878, reconnectGraceSeconds: Double = 30,
        helloTimeoutSeconds: Double = 5, handshakeTimeoutSeconds: Double = 10, sendQueueDepth: Int = 16, maxMatches: Int = 1000,
        maxSpectatorsPerMatch: Int = 5000, maxInputsPerSecond: Int = 120, lingerSeconds: Double = 120,
        maxConnections: Int = 10_000, maxConnectionsPerAddress: Int = 5_000, allowedOrigins: [String] = [],
        maxFailedJoinsPerMinute: Int = 20, directoryTimeoutSeconds: Double = 3, maxUnusedReservationsPerMinute: Int = 2,
        tls: TLSConfiguration? = nil, spectatorBatching: SpectatorBatching = .auto
    ) {
        self.spectatorBatching = spectatorBatching
        self.directoryTimeoutSeconds = directoryTimeoutSeconds
        self.maxUnusedReservationsPerMinute = maxUnusedReservationsPerMinute
        self.tls = tls
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.allowedOrigins = allowedOrigins
        self.maxFailedJoinsPerMinute = maxFailedJoinsPerMinute
        self.host = host
        self.port = port
        self.reconnectGraceSeconds = reconnectGraceSeconds
        self.helloTimeoutSeconds = helloTimeoutSeconds
        self.handshakeTimeoutSeconds = handshakeTimeoutSeconds
        self.sendQueueDepth = sendQueueDepth
        self.maxMatches = maxMatches
        self.maxSpectatorsPerMatch = maxSpectatorsPerMatch
        self.maxInputsPerSecond = maxInputsPerSecond
        self.lingerSeconds = lingerSeconds
    }
}
