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
}
