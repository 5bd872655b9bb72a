import Foundation

/// Elo ratings: everyone starts at 1500; each decided match moves both players by at most K = 32.
public enum Elo {
    public static let initial = 1500.0
    public static let k = 32.0

    /// The chance that a player rated `rating` beats one rated `opponent`.
    public static func expected(_ rating: Double, against opponent: Double) -> Double {
        1 / (1 + pow(10, (opponent - rating) / 400))
    }

    /// Both ratings after `winner` beat `loser`.
    public static func update(winner: Double, loser: Double) -> (winner: Double, loser: Double) {
        let change = k * (1 - expected(winner, against: loser))
        return (winner + change, loser - change)
    }
}
