import TennisCore

/// The score as the HUD shows it. Kept here (not in TennisCore) so the renderer owns its wording.
enum ScoreText {
    /// The points in the current game as called: "0", "15", "30", "40", "AD" ("" for the
    /// player facing advantage), or plain numbers in a tiebreak.
    static func pointLabels(_ score: Score) -> PerPlayer<String> {
        let a = Int(score.points.left), b = Int(score.points.right)
        if score.inTiebreak { return PerPlayer(String(a), String(b)) }
        if a >= 3 && b >= 3 {
            if a == b { return PerPlayer("40", "40") }
            return a > b ? PerPlayer("AD", "") : PerPlayer("", "AD")
        }
        let called = ["0", "15", "30", "40"]
        return PerPlayer(called[min(a, 3)], called[min(b, 3)])
    }

    /// The scoreboard columns for one player: games of each finished set (tiebreak points for
    /// a single-tiebreak match), then the current set's games (not in a single-tiebreak match).
    static func gameColumns(_ score: Score, player: Int) -> [String] {
        var columns: [String] = []
        for set in score.sets {
            if score.format == .tiebreak, let points = set.tiebreak {
                columns.append(String(points[player]))
            } else {
                columns.append(String(set.games[player]))
            }
        }
        if score.winner < 0 && score.format != .tiebreak {
            columns.append(String(score.games[player]))
        }
        return columns
    }

    /// The words under the scoreboard: winner, tiebreak, deuce or advantage, second serve.
    static func status(_ view: MatchView, names: PerPlayer<String>) -> String {
        let score = view.score
        if score.winner >= 0 {
            return "\(names[Int(score.winner)]) wins the match"
        }
        var parts: [String] = []
        if score.inTiebreak { parts.append("Tiebreak") }
        let a = score.points.left, b = score.points.right
        if !score.inTiebreak && a >= 3 && b >= 3 {
            if a == b {
                parts.append("Deuce")
            } else {
                parts.append("Ad \(names[a > b ? 0 : 1])")
            }
        }
        if view.serveNumber == 2 && (view.phase == .serving || view.phase == .rally) {
            parts.append("2nd serve")
        }
        return parts.joined(separator: "  ·  ")
    }
}
