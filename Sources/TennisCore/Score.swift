/// The games of one finished set (and its tiebreak points, when it had one).
public struct SetScore: Equatable, Hashable, Sendable {
    public var games: PerPlayer<UInt8>
    public var tiebreak: PerPlayer<UInt8>?

    public init(games: PerPlayer<UInt8>, tiebreak: PerPlayer<UInt8>? = nil) {
        self.games = games
        self.tiebreak = tiebreak
    }
}

/// The whole score of a match. Stored fields only; the rules live in `Score+Rules.swift`.
public struct Score: Equatable, Sendable {
    public var format: MatchFormat
    /// Points in the current game (0, 1, 2, 3 = 0, 15, 30, 40; beyond that deuce/advantage
    /// is read from the difference), or tiebreak points while `inTiebreak`.
    public var points: PerPlayer<UInt8>
    /// Games in the current set.
    public var games: PerPlayer<UInt8>
    /// Finished sets, oldest first.
    public var sets: [SetScore]
    public var inTiebreak: Bool
    /// The player serving the current point (0 or 1).
    public var server: UInt8
    /// The winner of the match, or -1 while it is being played.
    public var winner: Int8

    public init(
        format: MatchFormat, points: PerPlayer<UInt8> = .init(0, 0), games: PerPlayer<UInt8> = .init(0, 0),
        sets: [SetScore] = [], inTiebreak: Bool = false, server: UInt8 = 0, winner: Int8 = -1
    ) {
        self.format = format
        self.points = points
        self.games = games
        self.sets = sets
        self.inTiebreak = inTiebreak
        self.server = server
        self.winner = winner
    }
}
