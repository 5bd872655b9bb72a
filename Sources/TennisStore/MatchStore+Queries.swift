import Foundation
import GRDB
import TennisCore
import TennisRecords

extension MatchStore: MatchHistory {
    /// The latest matches, newest first; only those `player` played in when given. Private
    /// matches only `includingPrivate` (the `tennis` commands reading their own file).
    public func recentMatches(player: String? = nil, limit: Int = 20, includingPrivate: Bool = false) async throws
        -> [HistoryMatch]
    {
        try await pool.read { db in
            let visible = includingPrivate ? "" : "AND invite_hash IS NULL"
            let rows: [Row]
            if let player {
                rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM matches WHERE id IN (SELECT match_id FROM match_players WHERE name = ?) \(visible)
                    ORDER BY ended_at DESC, id DESC LIMIT ?
                    """, arguments: [player, limit])
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM matches WHERE 1 \(visible) ORDER BY ended_at DESC, id DESC LIMIT ?
                    """, arguments: [limit])
            }
            return try Self.matches(db, rows)
        }
    }

    public func match(id: String, invite: String?) async throws -> HistoryMatch? {
        try await match(id: id, access: .invite(invite))
    }

    /// The match with this id (else the latest with this code) if `access` may read it.
    public func match(id: String, access: HistoryAccess) async throws -> HistoryMatch? {
        try await pool.read { db in
            guard let row = try Self.matchRow(db, id: id), access.reads(inviteHash: row["invite_hash"]) else {
                return nil
            }
            return try Self.matches(db, [row]).first
        }
    }

    /// The stored match as a shareable replay file, or nil if there is none with this id or code
    /// that `access` may read.
    public func replay(id: String, access: HistoryAccess) async throws -> ReplayFile? {
        struct Kept: Sendable {
            var match: StoredMatch, names: [String], blob: Data
        }
        let kept: Kept? = try await pool.read { db in
            guard let row = try Self.matchRow(db, id: id), access.reads(inviteHash: row["invite_hash"]) else {
                return nil
            }
            let names = try String.fetchAll(db, sql: "SELECT name FROM match_players WHERE match_id = ? ORDER BY seat",
                                            arguments: [row["id"] as Int64])
            return Kept(match: Self.stored(row), names: names, blob: row["replay"])
        }
        guard let kept else { return nil }
        return try kept.match.replayFile(names: kept.names, blob: kept.blob)
    }

    public func replayFile(id: String, invite: String?) async throws -> [UInt8]? {
        try await replay(id: id, access: .invite(invite))?.encoded()
    }

    public func player(name: String) async throws -> PlayerProfile? {
        let profile = try await pool.read { db in try Self.profiles(db, name: name).first }
        guard var profile else { return nil }
        profile.recent = try await recentMatches(player: profile.name, limit: 10)
        return profile
    }

    /// Every player of a public match, best rated first (without their recent matches).
    public func players() async throws -> [PlayerProfile] {
        try await pool.read { db in try Self.profiles(db, name: nil) }
    }

    private static func matchRow(_ db: Database, id: String) throws -> Row? {
        if let number = Int64(id), let row = try Row.fetchOne(db, sql: "SELECT * FROM matches WHERE id = ?",
                                                               arguments: [number]) {
            return row
        }
        return try Row.fetchOne(db, sql: "SELECT * FROM matches WHERE code = ? ORDER BY id DESC LIMIT 1",
                                arguments: [id.uppercased()])
    }

    private static func matches(_ db: Database, _ rows: [Row]) throws -> [HistoryMatch] {
        try rows.map { row in
            let id: Int64 = row["id"]
            let lines = try Row.fetchAll(db, sql: "SELECT * FROM match_players WHERE match_id = ? ORDER BY seat",
                                         arguments: [id]).map { line in
                HistoryMatch.PlayerLine(
                    name: line["name"], pointsWon: line["points_won"], servePoints: line["serve_points"],
                    servePointsWon: line["serve_points_won"], returnPoints: line["return_points"],
                    returnPointsWon: line["return_points_won"], aces: line["aces"],
                    doubleFaults: line["double_faults"], ratingBefore: line["rating_before"],
                    ratingAfter: line["rating_after"], fingerprint: line["fingerprint"])
            }
            return Self.stored(row).history(lines: lines)
        }
    }

    private static func stored(_ row: Row) -> StoredMatch {
        StoredMatch(id: Int(row["id"] as Int64), code: row["code"], format: row["format"], surface: row["surface"],
                    started: row["started_at"], ended: row["ended_at"], score: row["score"], setsJSON: row["sets"],
                    winnerSeat: row["winner"], ending: row["ending"], points: row["points"],
                    longestRally: row["longest_rally"], inviteHash: row["invite_hash"])
    }

    private static func profiles(_ db: Database, name: String?) throws -> [PlayerProfile] {
        let filter = name == nil ? "" : "WHERE p.name = ?"
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.name, p.rating, p.matches, p.wins, p.losses,
                   (SELECT c.fingerprint FROM name_claims c WHERE c.name = p.name) AS fingerprint,
                   COALESCE(SUM(mp.points_won), 0) AS points_won,
                   COALESCE(SUM(mp.serve_points + mp.return_points), 0) AS points_played,
                   COALESCE(SUM(mp.serve_points), 0) AS serve_points,
                   COALESCE(SUM(mp.serve_points_won), 0) AS serve_points_won,
                   COALESCE(SUM(mp.return_points), 0) AS return_points,
                   COALESCE(SUM(mp.return_points_won), 0) AS return_points_won,
                   COALESCE(SUM(mp.aces), 0) AS aces,
                   COALESCE(SUM(mp.double_faults), 0) AS double_faults,
                   COALESCE(MAX(mp.longest_rally), 0) AS longest_rally
            FROM players p
            LEFT JOIN (SELECT line.*, m.longest_rally FROM match_players line
                       JOIN matches m ON m.id = line.match_id AND m.invite_hash IS NULL) mp ON p.name = mp.name
            \(filter)
            GROUP BY p.name
            ORDER BY p.rating DESC, p.name
            """, arguments: name.map { [$0] } ?? [])
        return rows.map { row in
            var profile = PlayerProfile(
                name: row["name"], rating: row["rating"], matches: row["matches"], wins: row["wins"],
                losses: row["losses"], pointsWon: row["points_won"], pointsPlayed: row["points_played"],
                servePoints: row["serve_points"], servePointsWon: row["serve_points_won"],
                returnPoints: row["return_points"], returnPointsWon: row["return_points_won"], aces: row["aces"],
                doubleFaults: row["double_faults"], longestRally: row["longest_rally"], recent: [])
            profile.fingerprint = row["fingerprint"]
            return profile
        }
    }
}
