import Foundation
import Logging
import PostgresNIO
import Synchronization
import TennisRecords
import TennisProtocol

/// The cluster directory in PostgreSQL: a row per live node (URL, load, last heartbeat) and a
/// row per match it hosts. Nodes whose heartbeat is older than `liveSeconds` are neither listed
/// nor sent clients; once it is older than `reapSeconds` any live node's heartbeat deletes the
/// node's row, and its matches (and their reservations) with it.
public final class PostgresDirectory: MatchDirectory, Sendable {
    private let url: Mutex<String>
    public var publicURL: String { url.withLock { $0 } }
    public let nodeID: String
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let logger: Logger
    /// A node silent for longer than this is taken for dead: 2.5 heartbeat intervals, so one late
    /// heartbeat does not hide a node, and clients are sent to a node at most that long after it died.
    public static let liveSeconds = 2.5
    /// A node silent for longer than this (30 heartbeat intervals) is deleted with its matches.
    /// Long past `liveSeconds` and a reservation's life, so a node that stalled and comes back
    /// (it rewrites its rows with its next heartbeat) rarely loses anything.
    public static let reapSeconds = 30.0
    /// How long a seat reservation holds its seat (a redirected client reconnects within a second).
    let reservationSeconds: Double

    /// Connects (`postgres://user[:password]@host[:port]/database`) and creates the tables.
    /// - Parameter reservationSeconds: how long a seat reserved through this node stays held.
    /// - Parameter statementSeconds: how long PostgreSQL lets one of this node's statements run,
    ///   or one of its transactions sit idle, before cancelling it. The node stops waiting for
    ///   the directory much sooner (`--directory-timeout`); this frees what such an abandoned
    ///   call still holds (a connection, row locks) once PostgreSQL is slow rather than gone.
    public static func connect(url: String, publicURL: String, logger: Logger, reservationSeconds: Double = 10,
                               statementSeconds: Double = 10) async throws -> PostgresDirectory {
        var configuration = try configuration(from: url)
        let milliseconds = String(Int((max(statementSeconds, 0.001) * 1000).rounded(.up)))
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", milliseconds), ("idle_in_transaction_session_timeout", milliseconds),
        ]
        let directory = PostgresDirectory(configuration: configuration, publicURL: publicURL,
                                          logger: logger, reservationSeconds: reservationSeconds)
        do {
            try await directory.migrate()
        } catch {
            directory.close()
            throw DirectoryError(description: "cannot use the directory at \(redacted(url)): \(String(reflecting: error))")
        }
        return directory
    }

    private init(configuration: PostgresClient.Configuration, publicURL: String, logger: Logger,
                 reservationSeconds: Double) {
        // The pool logs every failed connection attempt at info: during an outage that is a line
        // per retry. `DirectoryLink` says once that the directory is down and once that it is
        // back, so the pool's lines show only at debug.
        var background = logger
        if background.logLevel > .debug { background.logLevel = max(background.logLevel, .notice) }
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.reservationSeconds = reservationSeconds
        self.client = client
        self.url = Mutex(publicURL)
        self.nodeID = UUID().uuidString
        self.logger = logger
        // The pool serves nothing until `run()` is under way: it starts here, before `connect`'s
        // first query, on this thread up to its first wait (a plain Task may start later than that
        // query, which then logs that `run()` "hasn't been called yet").
        if #available(macOS 26.0, *) {
            runner = Task.immediate { await client.run() }
        } else {
            runner = Task { await client.run() }
        }
    }

    /// Sets the URL other nodes send clients to (once the port is known).
    public func announce(as publicURL: String) {
        url.withLock { $0 = publicURL }
    }

    /// Empties the directory (tests start from nothing).
    func removeEverything() async throws {
        try await client.query("DELETE FROM tennis_nodes", logger: logger)
    }

    /// Stops the connection pool.
    public func close() {
        runner.cancel()
    }

    private func migrate() async throws {
        try await PostgresSchema.migrate(client, logger: logger)
    }

    public func heartbeat(load: Int, matches: [DirectoryEntry], through: UInt64) async throws {
        let id = nodeID
        try await client.query(nodeRow(load: load), logger: logger)
        // A match created after the lobby's snapshot (a newer serial) was published by itself:
        // it stays. Serials go into BIGINT, so they are compared as such.
        let codes = matches.map(\.summary.code), last = Int64(clamping: through)
        try await client.query("""
            DELETE FROM tennis_matches WHERE node = \(id) AND NOT (code = ANY(\(codes))) AND serial <= \(last)
            """, logger: logger)
        for entry in matches {
            try await client.query(try Self.record(entry, node: id), logger: logger)
        }
        // Lapsed reservations are kept a minute, so a late client hears "expired", not "unknown".
        try await client.query("""
            DELETE FROM tennis_reservations WHERE node = \(id) AND expires_at < now() - interval '1 minute'
            """, logger: logger)
        try await reap()
    }

    public func relays(_ relayed: [String: RelayReport]) async throws -> [String: Int] {
        let id = nodeID, codes = Array(relayed.keys)
        try await client.query("DELETE FROM tennis_relays WHERE node = \(id) AND NOT (code = ANY(\(codes)))",
                               logger: logger)
        for (code, report) in relayed {
            let spectators = report.spectators, upstream = report.upstream
            try await client.query("""
                INSERT INTO tennis_relays (node, code, spectators, upstream) VALUES (\(id), \(code), \(spectators), \(upstream))
                ON CONFLICT (node, code) DO UPDATE SET spectators = EXCLUDED.spectators, upstream = EXCLUDED.upstream
                """, logger: logger)
        }
        let rows = try await client.query("""
            SELECT r.code, SUM(r.spectators)::BIGINT FROM tennis_relays r
            JOIN tennis_nodes n ON n.id = r.node JOIN tennis_matches m ON m.code = r.code
            WHERE m.node = \(id) AND r.node <> \(id) AND n.heartbeat > now() - make_interval(secs => \(Self.liveSeconds))
            GROUP BY r.code
            """, logger: logger)
        var audience: [String: Int] = [:]
        for try await (code, spectators) in rows.decode((String, Int64).self) { audience[code] = Int(spectators) }
        return audience
    }

    public func relayParent(code: String, owner: String, fanout: Int) async throws -> String? {
        let id = nodeID
        let rows = try await client.query("""
            SELECT n.url, r.upstream FROM tennis_relays r JOIN tennis_nodes n ON n.id = r.node
            WHERE r.code = \(code) AND r.node <> \(id) AND r.upstream IS NOT NULL
              AND n.heartbeat > now() - make_interval(secs => \(Self.liveSeconds))
            """, logger: logger)
        var edges: [(node: String, upstream: String)] = []
        for try await (node, upstream) in rows.decode((String, String).self) { edges.append((node, upstream)) }
        return RelayTree.parent(owner: owner, edges: edges, fanout: fanout)
    }

    public func publish(_ entry: DirectoryEntry, load: Int) async throws {
        // The node's row first: the match's refers to it, and a node that has not yet sent its
        // first heartbeat is alive all the same.
        try await client.query(nodeRow(load: load), logger: logger)
        try await client.query(try Self.record(entry, node: nodeID), logger: logger)
    }

    /// This node's row, alive now.
    private func nodeRow(load: Int) -> PostgresQuery {
        let id = nodeID, url = publicURL
        return """
            INSERT INTO tennis_nodes (id, url, load, heartbeat) VALUES (\(id), \(url), \(load), now())
            ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, load = EXCLUDED.load, heartbeat = now()
            """
    }

    /// Deletes the nodes silent for `reapSeconds`, with their matches and reservations (the
    /// foreign keys cascade). One statement, so any number of nodes may run it at once: a row
    /// another deleted is skipped, and a row whose node heartbeated meanwhile is re-checked
    /// against its new heartbeat and kept. A reaped node that was only stalled writes its rows
    /// again with its next heartbeat. Returns how many nodes went.
    @discardableResult
    func reap() async throws -> Int {
        let rows = try await client.query("""
            WITH gone AS (DELETE FROM tennis_nodes WHERE heartbeat < now() - make_interval(secs => \(Self.reapSeconds))
                          RETURNING 1)
            SELECT count(*) FROM gone
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Writes one of `node`'s matches. Its seats count never goes down while the node keeps it:
    /// a heartbeat's entry may be older than a seat the node took meanwhile (`admitPlayer`).
    static func record(_ entry: DirectoryEntry, node: String) throws -> PostgresQuery {
        let summary = String(decoding: try JSONEncoder().encode(entry.summary), as: UTF8.self)
        let code = entry.summary.code, isPrivate = entry.isPrivate, seats = entry.seatsTaken
        let serial = Int64(clamping: entry.serial)
        return """
            INSERT INTO tennis_matches (code, node, summary, private, seats, serial)
            VALUES (\(code), \(node), \(summary), \(isPrivate), \(seats), \(serial))
            ON CONFLICT (code) DO UPDATE SET node = EXCLUDED.node, summary = EXCLUDED.summary,
                private = EXCLUDED.private, serial = EXCLUDED.serial,
                seats = CASE WHEN tennis_matches.node = EXCLUDED.node
                             THEN GREATEST(tennis_matches.seats, EXCLUDED.seats) ELSE EXCLUDED.seats END
            """
    }

    public func liveMatches() async throws -> [MatchSummary] {
        let rows = try await client.query("""
            SELECT m.summary FROM tennis_matches m JOIN tennis_nodes n ON n.id = m.node
            WHERE NOT m.private AND n.heartbeat > now() - make_interval(secs => \(Self.liveSeconds))
            ORDER BY m.code
            """, logger: logger)
        var summaries: [MatchSummary] = []
        for try await (summary) in rows.decode(String.self) {
            if let decoded = try? UntrustedJSON.decode(MatchSummary.self, from: summary.utf8, gate: .serverAnswer) {
                summaries.append(decoded)
            }
        }
        return summaries
    }

    public func owner(of code: String) async throws -> String? {
        let id = nodeID
        let rows = try await client.query("""
            SELECT n.url FROM tennis_matches m JOIN tennis_nodes n ON n.id = m.node
            WHERE m.code = \(code) AND n.id <> \(id) AND n.heartbeat > now() - make_interval(secs => \(Self.liveSeconds))
            """, logger: logger)
        for try await (url) in rows.decode(String.self) { return url }
        return nil
    }

    public func leastLoaded() async throws -> (url: String, load: Int)? {
        let rows = try await client.query("""
            SELECT url, load FROM tennis_nodes
            WHERE heartbeat > now() - make_interval(secs => \(Self.liveSeconds))
            ORDER BY load, url LIMIT 1
            """, logger: logger)
        for try await (url, load) in rows.decode((String, Int).self) { return (url, load) }
        return nil
    }

    public func leave() async throws {
        let id = nodeID
        try await client.query("DELETE FROM tennis_nodes WHERE id = \(id)", logger: logger)
    }

    /// Reads a `postgres://` URL into the client's configuration (no TLS: a directory on a
    /// private network or this machine).
    static func configuration(from url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), parts.scheme == "postgres" || parts.scheme == "postgresql",
              let host = parts.host, !host.isEmpty
        else {
            throw DirectoryError(description: "--directory must look like postgres://USER@HOST:PORT/DATABASE, not \(redacted(url))")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        return PostgresClient.Configuration(host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres",
                                            password: parts.password, database: database.isEmpty ? nil : database,
                                            tls: .disable)
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }
}

public struct DirectoryError: Error, CustomStringConvertible {
    public let description: String
}
