import Foundation
import PostgresNIO
import TennisRecords
import TennisStore

/// The history routes (`GET /api/matches/ID`, `/api/matches/ID/replay`, `/api/players/NAME`)
/// answered from the whole cluster's matches. A private match only with its invite; never in a
/// player's record.
extension PostgresHistory: MatchHistory {
    static let matchColumns = """
        SELECT id, code, format, surface, started_at, ended_at, score, sets, winner, ending, points, longest_rally,
               invite_hash
        FROM tennis_history
        """

    public func match(id: String, invite: String?) async throws -> HistoryMatch? {
        guard let stored = try await storedMatch(id: id), HistoryAccess.invite(invite).reads(inviteHash: stored.inviteHash)
        else { return nil }
        return try await withLines([stored]).first
    }

    public func replayFile(id: String, invite: String?) async throws -> [UInt8]? {
        guard let stored = try await storedMatch(id: id), HistoryAccess.invite(invite).reads(inviteHash: stored.inviteHash)
        else { return nil }
        let matchID = stored.id
        let rows = try await client.query("SELECT replay FROM tennis_history WHERE id = \(matchID)", logger: logger)
        var blob: [UInt8]?
        for try await bytes in rows.decode(ByteBuffer.self) { blob = Array(bytes.readableBytesView) }
        guard let blob else { return nil }
        let names = try await lines(of: [matchID])[matchID]?.map(\.name) ?? []
        return try stored.replayFile(names: names, blob: blob).encoded()
    }

    public func player(name: String) async throws -> PlayerProfile? {
        let rows = try await client.query("""
            SELECT p.name, p.rating, p.matches, p.wins, p.losses,
                   COALESCE(SUM(mp.points_won), 0), COALESCE(SUM(mp.serve_points + mp.return_points), 0),
                   COALESCE(SUM(mp.serve_points), 0), COALESCE(SUM(mp.serve_points_won), 0),
                   COALESCE(SUM(mp.return_points), 0), COALESCE(SUM(mp.return_points_won), 0),
                   COALESCE(SUM(mp.aces), 0), COALESCE(SUM(mp.double_faults), 0), COALESCE(MAX(m.longest_rally), 0)
            FROM tennis_players p
            LEFT JOIN (tennis_history_players mp JOIN tennis_history m ON m.id = mp.match_id AND m.invite_hash IS NULL)
                ON mp.key = p.key
            WHERE p.key = lower(\(name))
            GROUP BY p.key, p.name, p.rating, p.matches, p.wins, p.losses
            """, logger: logger)
        var profile: PlayerProfile?
        for try await row in rows.decode((String, Double, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int).self) {
            profile = PlayerProfile(
                name: row.0, rating: row.1, matches: row.2, wins: row.3, losses: row.4, pointsWon: row.5,
                pointsPlayed: row.6, servePoints: row.7, servePointsWon: row.8, returnPoints: row.9,
                returnPointsWon: row.10, aces: row.11, doubleFaults: row.12, longestRally: row.13, recent: [])
        }
        guard var profile else { return nil }
        profile.fingerprint = try await holder(of: profile.name)
        profile.recent = try await recentMatches(player: profile.name, limit: 10)
        return profile
    }

    /// The latest public matches `player` played in, newest first.
    public func recentMatches(player: String, limit: Int) async throws -> [HistoryMatch] {
        return try await withLines(try await storedMatches("""
            \(unescaped: Self.matchColumns)
            WHERE id IN (SELECT match_id FROM tennis_history_players WHERE key = lower(\(player)))
                AND invite_hash IS NULL
            ORDER BY ended_at DESC, id DESC LIMIT \(limit)
            """))
    }

    /// The match with this id, or else the latest with this code.
    private func storedMatch(id: String) async throws -> StoredMatch? {
        if let number = Int(id),
           let found = try await storedMatches("\(unescaped: Self.matchColumns) WHERE id = \(number)").first {
            return found
        }
        let code = id.uppercased()
        return try await storedMatches("\(unescaped: Self.matchColumns) WHERE code = \(code) ORDER BY id DESC LIMIT 1")
            .first
    }

    private func storedMatches(_ query: PostgresQuery) async throws -> [StoredMatch] {
        let rows = try await client.query(query, logger: logger)
        var found: [StoredMatch] = []
        for try await row in rows.decode(
            (Int, String, String, String, Date, Date, String, String, Int?, String, Int, Int, String?).self)
        {
            found.append(StoredMatch(id: row.0, code: row.1, format: row.2, surface: row.3, started: row.4,
                                     ended: row.5, score: row.6, setsJSON: row.7, winnerSeat: row.8, ending: row.9,
                                     points: row.10, longestRally: row.11, inviteHash: row.12))
        }
        return found
    }

    private func withLines(_ matches: [StoredMatch]) async throws -> [HistoryMatch] {
        let lines = try await lines(of: matches.map(\.id))
        return matches.map { $0.history(lines: lines[$0.id] ?? []) }
    }

    /// Each match's player lines, in seat order.
    private func lines(of ids: [Int]) async throws -> [Int: [HistoryMatch.PlayerLine]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await client.query("""
            SELECT match_id, name, points_won, serve_points, serve_points_won, return_points, return_points_won, aces,
                   double_faults, rating_before, rating_after, fingerprint
            FROM tennis_history_players WHERE match_id = ANY(\(ids)) ORDER BY match_id, seat
            """, logger: logger)
        var lines: [Int: [HistoryMatch.PlayerLine]] = [:]
        for try await row in rows.decode((Int, String, Int, Int, Int, Int, Int, Int, Int, Double?, Double?, String?).self) {
            lines[row.0, default: []].append(HistoryMatch.PlayerLine(
                name: row.1, pointsWon: row.2, servePoints: row.3, servePointsWon: row.4, returnPoints: row.5,
                returnPointsWon: row.6, aces: row.7, doubleFaults: row.8, ratingBefore: row.9, ratingAfter: row.10,
                fingerprint: row.11))
        }
        return lines
    }
}
