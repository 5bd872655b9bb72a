/// What a load run does: how many matches and spectators, for how long, against which server.
public struct LoadOptions: Sendable {
    /// Server host and port (the WebSocket path is `/ws`, the HTTP API beside it).
    public var host: String
    public var port: Int
    /// Existing matches to seat the bots in and watch, instead of creating `matches` new ones.
    public var codes: [String] = []
    /// Nodes of a cluster the spectators connect to, in turn (empty: the server above). With
    /// `--relay-spectators` on them, each serves its share through one subscription to the owner.
    public var spectatorNodes: [Node] = []

    /// A server's host and port.
    public struct Node: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Where spectator number `index` connects.
    func spectatorNode(_ index: Int) -> Node {
        spectatorNodes.isEmpty ? Node(host: host, port: port) : spectatorNodes[index % spectatorNodes.count]
    }
    /// Bot-versus-bot matches to create (two bot connections each).
    public var matches: Int
    /// Spectator connections, spread over the matches, or all on the first with `hot`.
    public var spectators: Int
    public var hot: Bool
    /// Seconds of measurement, after everyone is connected and `warmupSeconds` have passed.
    public var seconds: Double
    public var warmupSeconds: Double
    /// Snapshots per second each spectator asks for (60: every tick; gaps are counted only then).
    public var rate: Int
    /// Event-loop threads for the connections.
    public var threads: Int
    /// The server's process id, to report its CPU and memory (same host only).
    public var serverPID: Int32?
    /// Connections being opened at once: below a server's default limit of handshakes pending
    /// from one address (32, `tennis serve --max-pending-per-address`), which a load from one
    /// machine would otherwise trip whenever the server is slow to answer (429).
    public var connectConcurrency: Int

    public init(host: String = "127.0.0.1", port: Int = 7878, matches: Int = 1, spectators: Int = 0, hot: Bool = false,
                seconds: Double = 10, warmupSeconds: Double = 1, rate: Int = 60, threads: Int = 1,
                serverPID: Int32? = nil, connectConcurrency: Int = 16) {
        self.host = host
        self.port = port
        self.matches = matches
        self.spectators = spectators
        self.hot = hot
        self.seconds = seconds
        self.warmupSeconds = warmupSeconds
        self.rate = rate
        self.threads = threads
        self.serverPID = serverPID
        self.connectConcurrency = connectConcurrency
    }

    /// File descriptors the run needs: one per connection, plus some slack.
    var descriptorsNeeded: Int { matches * 2 + spectators + 256 }

    /// Snapshots per second one spectator should receive at `rate` (the server's divisor, rounded).
    var expectedPerSpectator: Double {
        guard rate > 0, rate < 60 else { return 60 }
        return 60 / (60 / Double(rate)).rounded()
    }
}
