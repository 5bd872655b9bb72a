/// One match as `GET /api/matches` lists it.
public struct MatchSummary: Codable, Sendable, Equatable {
    public var code: String
    public var players: [String]
    public var spectators: Int
    /// waiting, playing, paused or finished.
    public var state: String
    public var format: String
    public var surface: String
    public var score: String

    public init(code: String, players: [String], spectators: Int, state: String, format: String, surface: String,
                score: String) {
        self.code = code
        self.players = players
        self.spectators = spectators
        self.state = state
        self.format = format
        self.surface = surface
        self.score = score
    }
}
