import Foundation
import GRDB
import TennisCore
import TennisServer

/// The match database: every finished match with its replay, per-match stats and players' ratings,
/// in one SQLite file (WAL mode, so readers never wait for the writer).
///
/// Each match is written in one transaction together with the ratings it moves, so a crash
/// leaves either all of it or none of it.
public final class MatchStore: MatchArchive, Sendable {
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
        let names = PerPlayer(record.names.first ?? "Player", record.names.dropFirst().first ?? "Player")
        let sets = try String(decoding: JSONEncoder().encode(Self.setLines(record.score)), as: UTF8.self)
        try await pool.write { db in
            // Replaying for the stats runs here, on the database's writer queue, not on the
            // cooperative threads the tick loops share.
            let stats = MatchStats(replay: record.replay)
            let blob = ReplayCodec.encode(record.replay)
            try db.execute(sql: """
                INSERT INTO matches (code, format, surface, started_at, ended_at, score, sets, winner, ending, points,
                                     longest_rally, final_tick, simulation_version, replay)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    record.code, record.config.format.rawValue, record.config.surface.name, record.startedAt,
                    record.endedAt, record.score.compactText, sets, record.winner, record.ending.rawValue, stats.points,
                    stats.longestRally, Int64(record.replay.finalTick), Int64(record.replay.simulationVersion),
                    Data(blob),
                ])
            let id = db.lastInsertedRowID
            var before = PerPlayer<Double?>(nil, nil)
            var after = PerPlayer<Double?>(nil, nil)
            for seat in 0...1 {
                try db.execute(sql: "INSERT INTO players (name) VALUES (?) ON CONFLICT(name) DO NOTHING",
                               arguments: [names[seat]])
                try db.execute(sql: "UPDATE players SET matches = matches + 1 WHERE name = ?", arguments: [names[seat]])
            }
            let decided = record.ending != .abandoned
                && names.left.lowercased() != names.right.lowercased()
            if decided, let winner = record.winner, (0...1).contains(winner) {
                let loser = 1 - winner
                let ratings = try PerPlayer(Self.rating(db, names.left), Self.rating(db, names.right))
                let updated = Elo.update(winner: ratings[winner], loser: ratings[loser])
                before = PerPlayer(ratings.left, ratings.right)
                after[winner] = updated.winner
                after[loser] = updated.loser
                try db.execute(sql: "UPDATE players SET rating = ?, wins = wins + 1 WHERE name = ?",
                               arguments: [updated.winner, names[winner]])
                try db.execute(sql: "UPDATE players SET rating = ?, losses = losses + 1 WHERE name = ?",
                               arguments: [updated.loser, names[loser]])
            }
            for seat in 0...1 {
                let line = stats.players[seat]
                try db.execute(sql: """
                    INSERT INTO match_players (match_id, seat, name, points_won, serve_points, serve_points_won,
                        return_points, return_points_won, aces, double_faults, rating_before, rating_after)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        id, seat, names[seat], line.pointsWon, line.servePoints, line.servePointsWon,
                        line.returnPoints, line.returnPointsWon, line.aces, line.doubleFaults, before[seat],
                        after[seat],
                    ])
            }
        }
    }

    private static func rating(_ db: Database, _ name: String) throws -> Double {
        try Double.fetchOne(db, sql: "SELECT rating FROM players WHERE name = ?", arguments: [name]) ?? Elo.initial
    }

    static func setLines(_ score: Score) -> [HistoryMatch.SetLine] {
        score.sets.map { set in
            HistoryMatch.SetLine(games: [Int(set.games.left), Int(set.games.right)],
                                 tiebreak: set.tiebreak.map { [Int($0.left), Int($0.right)] })
        }
    }

    static func explain(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}
