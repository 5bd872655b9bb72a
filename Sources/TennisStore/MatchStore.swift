import Foundation
import GRDB
import TennisCore
import TennisRecords

/// The match database: every finished match with its replay, per-match stats and players' ratings,
/// in one SQLite file (WAL mode, so readers never wait for the writer).
///
/// Each match is written in one transaction together with the ratings it moves, so a crash
/// leaves either all of it or none of it.
public final class MatchStore: MatchArchive, ArchivedMatchStore, Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating folders and file as needed) and migrates the database at `path`.
    public init(path: String) throws(StoreError) {
        try StoreLocation.prepare(path)
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError("cannot open the match database at \(path): \(Self.explain(error))")
        }
    }

    /// Keeps a finished match: its row, each player's line, and (for a decided match) new ratings.
    public func store(_ record: MatchRecord) async throws {
        try await store(ArchivedMatch.prepare(record))
    }

    private static func rating(_ db: Database, _ name: String) throws -> Double {
        try Double.fetchOne(db, sql: "SELECT rating FROM players WHERE name = ?", arguments: [name]) ?? Elo.initial
    }

    static func explain(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}

extension MatchStore: NameClaims {
    /// Looks the name's holder up and claims it for `fingerprint` if free, in one transaction.
    public func claim(name: String, fingerprint: String?) async throws -> NameClaim {
        try await pool.write { db in
            let holder = try String.fetchOne(db, sql: "SELECT fingerprint FROM name_claims WHERE name = ?",
                                             arguments: [name])
            let (claim, claims) = NameClaim.decide(holder: holder, fingerprint: fingerprint)
            if claims {
                try db.execute(sql: "INSERT INTO name_claims (name, fingerprint, claimed_at) VALUES (?, ?, ?)",
                               arguments: [name, fingerprint, Date()])
            }
            return claim
        }
    }
}

extension MatchStore {
    /// Keeps a prepared match in one transaction with the ratings it moves.
    public func store(_ match: ArchivedMatch) async throws {
        let record = match.record, names = match.names, stats = match.stats
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO matches (code, format, surface, started_at, ended_at, score, sets, winner, ending, points,
                                     longest_rally, final_tick, simulation_version, replay, invite_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    record.code, record.config.format.rawValue, record.config.surface.name, record.startedAt,
                    record.endedAt, record.score.compactText, match.setsJSON, record.winner, record.ending.rawValue,
                    stats.points, stats.longestRally, Int64(record.replay.finalTick),
                    Int64(record.replay.simulationVersion), Data(match.replayBlob), match.inviteHash,
                ])
            let id = db.lastInsertedRowID
            for seat in 0...1 where match.isRanked {
                try db.execute(sql: "INSERT INTO players (name) VALUES (?) ON CONFLICT(name) DO NOTHING",
                               arguments: [names[seat]])
                try db.execute(sql: "UPDATE players SET matches = matches + 1 WHERE name = ?", arguments: [names[seat]])
            }
            let current = try PerPlayer(Self.rating(db, names.left), Self.rating(db, names.right))
            let (before, after) = match.ratings(from: current)
            if let decided = match.decided {
                try db.execute(sql: "UPDATE players SET rating = ?, wins = wins + 1 WHERE name = ?",
                               arguments: [after[decided.winner], names[decided.winner]])
                try db.execute(sql: "UPDATE players SET rating = ?, losses = losses + 1 WHERE name = ?",
                               arguments: [after[decided.loser], names[decided.loser]])
            }
            for seat in 0...1 {
                let line = stats.players[seat]
                try db.execute(sql: """
                    INSERT INTO match_players (match_id, seat, name, points_won, serve_points, serve_points_won,
                        return_points, return_points_won, aces, double_faults, rating_before, rating_after, fingerprint)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        id, seat, names[seat], line.pointsWon, line.servePoints, line.servePointsWon,
                        line.returnPoints, line.returnPointsWon, line.aces, line.doubleFaults, before[seat],
                        after[seat], match.fingerprints[seat],
                    ])
            }
        }
    }
}
