import Foundation
import Logging
import PostgresNIO
import TennisCore
import TennisRecords
import TennisStore

/// The cluster's match history in PostgreSQL (tables `tennis_history`, `tennis_history_players`
/// and `tennis_players`): every node keeps its finished matches here, so any node's history
/// routes show the whole cluster's matches, ratings and stats. The rows are those of
/// `MatchStore`'s SQLite file, prepared by the same code (`ArchivedMatch`).
public final class PostgresHistory: MatchArchive, ArchivedMatchStore, Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Recorded with each match: which node kept it.
    let node: String
    /// Tries at keeping one match (the database may be briefly unreachable), a second apart and more.
    let attempts = 4

    init(client: PostgresClient, node: String, logger: Logger) {
        self.client = client
        self.node = node
        self.logger = logger
    }

    public func store(_ record: MatchRecord) async throws {
        try await store(ArchivedMatch.prepare(record))
    }

    /// Keeps a prepared match with the ratings it moves, in one transaction. A failed try is
    /// retried under the same record id, so a match whose commit was in fact made is kept once.
    public func store(_ match: ArchivedMatch) async throws {
        let recordID = UUID().uuidString
        var delay = Duration.seconds(1)
        for attempt in 1...attempts {
            do {
                try await insert(match, recordID: recordID)
                return
            } catch {
                guard attempt < attempts else { throw error }
                logger.warning("could not keep the match in the cluster history; trying again",
                               metadata: ["match": "\(match.record.code)", "error": "\(String(reflecting: error))"])
                try await Task.sleep(for: delay)
                delay *= 2
            }
        }
    }

    private func insert(_ match: ArchivedMatch, recordID: String) async throws {
        let record = match.record, stats = match.stats, node = node
        let names = match.names
        try await client.withTransaction(logger: logger) { connection in
            let finalTick = Int64(record.replay.finalTick), version = Int64(record.replay.simulationVersion)
            let format = record.config.format.rawValue, surface = record.config.surface.name
            let score = record.score.compactText, ending = record.ending.rawValue
            let replay = ByteBuffer(bytes: match.replayBlob), inviteHash = match.inviteHash
            let inserted = try await connection.query("""
                INSERT INTO tennis_history (record, node, code, format, surface, started_at, ended_at, score, sets,
                    winner, ending, points, longest_rally, final_tick, simulation_version, replay, invite_hash)
                VALUES (\(recordID), \(node), \(record.code), \(format), \(surface), \(record.startedAt),
                    \(record.endedAt), \(score), \(match.setsJSON), \(record.winner), \(ending), \(stats.points),
                    \(stats.longestRally), \(finalTick), \(version), \(replay), \(inviteHash))
                ON CONFLICT (record) DO NOTHING RETURNING id
                """, logger: logger)
            var matchID: Int?
            for try await id in inserted.decode(Int.self) { matchID = id }
            guard let matchID else { return }  // an earlier try was committed after all
            // Both players' rows are locked in one order on every node: concurrent matches of
            // the same players wait for each other instead of losing a rating change. A private
            // match is in no player's record.
            for seat in [0, 1].sorted(by: { names[$0].lowercased() < names[$1].lowercased() }) where match.isRanked {
                let name = names[seat]
                try await connection.query("""
                    INSERT INTO tennis_players (key, name) VALUES (lower(\(name)), \(name)) ON CONFLICT (key) DO NOTHING
                    """, logger: logger)
                try await connection.query("SELECT 1 FROM tennis_players WHERE key = lower(\(name)) FOR UPDATE",
                                           logger: logger)
            }
            for seat in 0...1 where match.isRanked {
                try await connection.query("UPDATE tennis_players SET matches = matches + 1 WHERE key = lower(\(names[seat]))",
                                           logger: logger)
            }
            let current = PerPlayer(try await Self.rating(names.left, on: connection, logger: logger),
                                    try await Self.rating(names.right, on: connection, logger: logger))
            let (before, after) = match.ratings(from: current)
            if let decided = match.decided {
                let winner = names[decided.winner], loser = names[decided.loser]
                try await connection.query("""
                    UPDATE tennis_players SET rating = \(after[decided.winner]), wins = wins + 1 WHERE key = lower(\(winner))
                    """, logger: logger)
                try await connection.query("""
                    UPDATE tennis_players SET rating = \(after[decided.loser]), losses = losses + 1 WHERE key = lower(\(loser))
                    """, logger: logger)
            }
            for seat in 0...1 {
                let line = stats.players[seat], name = names[seat]
                let ratingBefore = before[seat], ratingAfter = after[seat], fingerprint = match.fingerprints[seat]
                try await connection.query("""
                    INSERT INTO tennis_history_players (match_id, seat, name, key, points_won, serve_points,
                        serve_points_won, return_points, return_points_won, aces, double_faults, rating_before,
                        rating_after, fingerprint)
                    VALUES (\(matchID), \(seat), \(name), lower(\(name)), \(line.pointsWon), \(line.servePoints),
                        \(line.servePointsWon), \(line.returnPoints), \(line.returnPointsWon), \(line.aces),
                        \(line.doubleFaults), \(ratingBefore), \(ratingAfter), \(fingerprint))
                    """, logger: logger)
            }
        }
    }

    private static func rating(_ name: String, on connection: PostgresConnection, logger: Logger) async throws
        -> Double
    {
        let rows = try await connection.query("SELECT rating FROM tennis_players WHERE key = lower(\(name))",
                                              logger: logger)
        for try await rating in rows.decode(Double.self) { return rating }
        return Elo.initial
    }
}

extension PostgresDirectory {
    /// The cluster's match history, on this directory's connections.
    public var history: PostgresHistory {
        PostgresHistory(client: client, node: nodeID, logger: logger)
    }
}
